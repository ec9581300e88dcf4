package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin jar built at test time is found with {@code --plugins DIR}, on the class path and the module path. */
class PluginTests {
    @TempDir
    static Path work;
    static Path pluginDir;

    private static final String SOURCE = """
            package com.example.tiny;

            import java.util.List;
            import org.tl4j.api.graph.*;
            import org.tl4j.spi.*;

            public final class TinyBackbone implements Backbone {
                public String id() { return "tiny_plugin"; }
                public String description() { return "a plugin backbone built at test time"; }
                public BackboneSpec defaultSpec() { return BackboneSpec.of(32, 32, 1.0); }
                public Graph graph(BackboneSpec s) {
                    return Graph.of("tiny", List.of(new Input("input_layer", Shape.hwc(s.height(), s.width(), 3)),
                            Conv2D.of("conv", "input_layer", 4, 3, 2, Padding.SAME, true, ActivationFn.RELU)));
                }
                public Preprocessing preprocessing() { return Preprocessing.TF; }
                public List<WeightFile> weightCatalogue(BackboneSpec s) { return List.of(); }
                public List<LayerGroup> layerGroups(BackboneSpec s) { return List.of(); }
            }
            """;

    @BeforeAll
    static void buildPluginJar() throws IOException {
        Path src = Files.createDirectories(work.resolve("src/com/example/tiny"));
        Files.writeString(src.resolve("TinyBackbone.java"), SOURCE);
        Files.writeString(work.resolve("src/module-info.java"), """
                module com.example.tiny {
                    requires org.tl4j.api;
                    provides org.tl4j.spi.Backbone with com.example.tiny.TinyBackbone;
                }
                """);
        Path classes = Files.createDirectories(work.resolve("classes"));
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        Process p = new ProcessBuilder(javac.toString(), "-d", classes.toString(), "--module-path", modulePath(),
                src.resolve("TinyBackbone.java").toString(), work.resolve("src/module-info.java").toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(p.exitValue()).as("javac of the test plugin: " + log).isZero();
        pluginDir = Files.createDirectories(work.resolve("plugins"));
        try (OutputStream os = Files.newOutputStream(pluginDir.resolve("tiny-plugin.jar"));
                JarOutputStream jar = new JarOutputStream(os)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                    jar.write(Files.readAllBytes(f));
                    jar.closeEntry();
                }
            }
            jar.putNextEntry(new JarEntry("META-INF/services/org.tl4j.spi.Backbone"));
            jar.write("com.example.tiny.TinyBackbone\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }

    /** The test class path minus test-only libraries: what the launcher puts on the module path. */
    static String modulePath() {
        List<String> keep = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            boolean testOnly = Stream.of("junit", "opentest4j", "apiguardian", "assertj", "mockito", "byte-buddy",
                    "objenesis", "jackson", "surefire", "test-classes").anyMatch(name::contains)
                    || e.endsWith("test-classes");
            if (!testOnly && Files.exists(Path.of(e))) {
                keep.add(e);
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    @Test
    void pluginIsListedOnlyWithTheFlag() {
        CliRun with = CliRun.of("--plugins", pluginDir.toString(), "list");
        assertThat(with.exit()).as(with.err()).isZero();
        assertThat(with.out()).contains("tiny_plugin").contains("a plugin backbone built at test time");
        CliRun without = CliRun.of("list");
        assertThat(without.out()).doesNotContain("tiny_plugin");
    }

    @Test
    void pluginBackboneCanBeDescribed() {
        CliRun r = CliRun.of("--plugins", pluginDir.toString(), "describe", "tiny_plugin", "--input", "33");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("conv").contains("17×17×4");
    }

    @Test
    void pluginIsFoundAsAModuleLayerOnTheModulePath() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-p", modulePath(), "-m", "org.tl4j.cli/org.tl4j.cli.Main",
                "--plugins", pluginDir.toString(), "list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("tiny_plugin").contains("com.example.tiny");
    }

    @Test
    void listingLoadsNoNativeEngine() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-verbose:class", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("mobilenet_v2");
        List<String> engineClasses = out.lines().filter(l -> l.contains("[class,load]"))
                .filter(l -> l.contains(" org.tensorflow.") || l.contains(" ai.djl.") || l.contains(" ai.onnxruntime."))
                .toList();
        assertThat(engineClasses).as("engine classes loaded by `tl list`").isEmpty();
    }
}
