package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTests {
    @TempDir
    Path dir;

    @Test
    void versionAndHelp() {
        CliRun v = CliRun.of("--version");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).startsWith("tl4j ").doesNotContain("${").containsPattern("tl4j \\d+\\.\\d+");
        CliRun h = CliRun.of("--help");
        assertThat(h.exit()).isZero();
        assertThat(h.out()).contains("list", "config", "describe", "doctor", "--plugins", "Exit codes");
    }

    @Test
    void onlyTheNamedSubcommandIsBuiltAndHelpStillListsThemAll() {
        assertThat(Main.commandLine(new String[] {"--plugins", "train", "-q", "train", "x.conf"}).getSubcommands())
                .containsOnlyKeys("train");
        assertThat(Main.commandLine(new String[] {"--plugins=p", "list"}).getSubcommands()).containsOnlyKeys("list");
        assertThat(Main.commandLine(new String[] {"help", "train"}).getSubcommands()).containsKeys("train", "list",
                "help");
        assertThat(Main.commandLine(new String[] {"trian"}).getSubcommands()).hasSize(13);
        assertThat(Main.commandLine().getSubcommands().keySet()).containsExactly("list", "config", "describe",
                "weights", "data", "doctor", "train", "evaluate", "predict", "extract", "export", "daemon", "help");
        CliRun help = CliRun.of("help", "train");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("--resume");
        CliRun trainHelp = CliRun.of("train", "--help");
        assertThat(trainHelp.exit()).isZero();
        assertThat(trainHelp.out()).contains("--resume");
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun r = CliRun.of("trian");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("trian");
    }

    @Test
    void listShowsEveryKindOfProvider() {
        CliRun r = CliRun.of("list");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("backbone", "mobilenet_v2", "resnet50", "vgg16", "head", "linear", "freezer",
                "from-layer");
        CliRun json = CliRun.of("list", "--json");
        assertThat(json.out()).startsWith("[").contains("\"kind\": \"backbone\"");
    }

    @Test
    void misspeltKeyFailsWithExitTwoKeyFileLineAndSuggestion() throws IOException {
        Path conf = dir.resolve("run.conf");
        Files.writeString(conf, "tl4j {\n  trainer.optimizer {\n    learning_rate = 0.01\n  }\n}\n");
        CliRun r = CliRun.of("config", conf.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("run.conf:3").contains("tl4j.trainer.optimizer.learning_rate")
                .contains("did you mean `learning-rate`?").doesNotContain("at org.");
    }

    @Test
    void zeroEpochsFromSetNamesTheRange() {
        CliRun r = CliRun.of("config", "--set", "tl4j.trainer.epochs=0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("tl4j.trainer.epochs = 0 is out of range; allowed: an integer from 1 to 100000");
    }

    @Test
    void unknownProviderIdInConfigIsAUsageError() {
        CliRun r = CliRun.of("config", "--set", "backbone.id=mobilenet_v3");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown backbone `mobilenet_v3`").contains("did you mean `mobilenet_v2`?");
    }

    @Test
    void configPrintsResolvedValuesWithOrigins() throws IOException {
        Path conf = dir.resolve("ok.conf");
        Files.writeString(conf, "tl4j.trainer.epochs = 4\n");
        CliRun r = CliRun.of("config", conf.toString(), "--set", "seed=3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("tl4j.trainer.epochs = 4   # ").contains("ok.conf:1")
                .contains("tl4j.seed = 3   # (--set seed=3)");
    }

    @Test
    void verboseShowsStackTracesOnlyWhenAsked() {
        CliRun quiet = CliRun.of("describe", "mobilenet_v2", "--input", "abc");
        assertThat(quiet.exit()).isEqualTo(2);
        assertThat(quiet.err()).contains("--input abc: expected H or HxW").doesNotContain("\tat ");
        CliRun verbose = CliRun.of("--verbose", "describe", "mobilenet_v2", "--input", "abc");
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void describeRejectsTinyInputs() {
        CliRun r = CliRun.of("describe", "vgg16", "--input", "16");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("16");
    }
}
