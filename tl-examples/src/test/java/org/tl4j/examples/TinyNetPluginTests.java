package org.tl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.cli.Main;

/**
 * The example plugin jar that tl-examples-plugin builds is a plugin like any third party's: {@code tl --plugins DIR}
 * lists its backbone (as a module layer, the way {@code ./tl} runs, and on a class path), and a config naming the
 * backbone trains.
 */
class TinyNetPluginTests {
    @TempDir
    Path work;

    private record CliRun(int exit, String out, String err) {
        static CliRun of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new CliRun(code, out.toString(), err.toString());
        }
    }

    @Test
    void listShowsThePluginBackboneOnTheModulePathAsTheLauncherRunsIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-p", Fixtures.modulePath(), "-m",
                "org.tl4j.cli/org.tl4j.cli.Main", "--plugins", Fixtures.pluginDir().toString(), "list")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().filter(l -> l.contains(" tinynet ")))
                .singleElement().asString().contains("backbone").contains("com.example.tinynet");
    }

    @Test
    void listShowsThePluginBackboneOnTheClassPathOnlyWithTheFlag() {
        CliRun with = CliRun.of("--plugins", Fixtures.pluginDir().toString(), "list");
        assertThat(with.exit()).as(with.err()).isZero();
        assertThat(with.out()).contains("tinynet").contains("small VGG-like net");
        assertThat(CliRun.of("list").out()).doesNotContain("tinynet");
    }

    @Test
    void describeShowsItsLayers() {
        CliRun r = CliRun.of("--plugins", Fixtures.pluginDir().toString(), "describe", "tinynet", "--input", "32");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("block3_conv1").contains("4×4×64");
    }

    @Test
    void theConfigNamingItTrains() {
        List<String> args = new ArrayList<>(List.of("--quiet", "--plugins", Fixtures.pluginDir().toString(), "train",
                Fixtures.root().resolve("config/plugin-tinynet.conf").toString()));
        for (String set : Fixtures.tinyRun(work, 8)) {
            args.add("--set");
            args.add(set);
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("tinynet").contains("validation: accuracy");
        assertThat(work.resolve("runs")).isDirectoryContaining(d -> d.getFileName().toString().contains("tinynet"));
    }
}
