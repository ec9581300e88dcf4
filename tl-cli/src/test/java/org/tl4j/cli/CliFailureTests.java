package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at the command line's edge: each ends as one error line with the documented exit code. */
class CliFailureTests {
    @TempDir
    Path dir;

    @Test
    void aMalformedSetKeyIsAUsageErrorNamingTheKey() {
        CliRun r = CliRun.of("config", "--set", "trainer..epochs=3");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err().lines().toList()).singleElement().asString().startsWith("error: --set trainer..epochs=3: "
                + "`trainer..epochs` is not a key");
    }

    @Test
    void quietAndVerboseAreAcceptedAfterTheSubcommand() {
        String[] args = {"train", "run.conf", "-q"};
        picocli.CommandLine cl = Main.commandLine(args);
        cl.parseArgs(args);
        assertThat(((Main) cl.getCommand()).quiet).isTrue();
        String[] verbose = {"config", "--verbose"};
        picocli.CommandLine cv = Main.commandLine(verbose);
        cv.parseArgs(verbose);
        assertThat(((Main) cv.getCommand()).verbose).isTrue();
        assertThat(CliRun.of("config", "-q").exit()).isZero();
    }

    @Test
    void aPlainIncludeThatFindsNothingIsAWarningNamingTheFile() throws IOException {
        Path conf = dir.resolve("run.conf");
        Files.writeString(conf, "include \"commons.conf\"\ntl4j.trainer.epochs = 4\n");
        CliRun r = CliRun.of("config", conf.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: " + conf + ": include \"commons.conf\" found nothing")
                .contains("include required(\"commons.conf\")");
        assertThat(r.out()).contains("tl4j.trainer.epochs = 4");

        Files.writeString(dir.resolve("commons.conf"), "");
        assertThat(CliRun.of("config", conf.toString()).err()).as("an empty file was found").doesNotContain("warning");

        Files.writeString(conf, "include required(\"missing.conf\")\n");
        CliRun required = CliRun.of("config", conf.toString());
        assertThat(required.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(required.err()).startsWith("error: ").contains("missing.conf");
    }

    @Test
    void daemonStatusRefusesAFolderOthersCanWriteTo() throws IOException {
        Path sockets = Files.createDirectory(dir.resolve("tl4j-daemons"));
        Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwxrwxrwx"));
        CliRun r = daemonStatus(sockets);
        assertThat(r.exit()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.err()).startsWith("error: the daemon folder " + sockets + " has mode rwxrwxrwx");
        assertThat(r.out()).isEmpty();

        Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwx------"));
        assertThat(daemonStatus(sockets).out()).contains("no tl daemon is running");
    }

    @Test
    void daemonStatusRefusesAFolderOfAnotherUser() throws IOException {
        // as root, a folder given to nobody; as anyone else, the root folder, which is root's
        Path foreign = Path.of("/");
        if (System.getProperty("user.name").equals("root")) {
            foreign = Files.createDirectory(dir.resolve("theirs"));
            Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rwx------"));
            UserPrincipal nobody = foreign.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("nobody");
            Files.setOwner(foreign, nobody);
        }
        CliRun r = daemonStatus(foreign);
        assertThat(r.exit()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.err()).startsWith("error: the daemon folder " + foreign + " belongs to ");
        assertThat(r.out()).isEmpty();
    }

    private static CliRun daemonStatus(Path folder) {
        String before = System.getProperty(DaemonCommand.DIR_PROPERTY);
        System.setProperty(DaemonCommand.DIR_PROPERTY, folder.toString());
        try {
            return CliRun.of("daemon", "status");
        } finally {
            if (before == null) {
                System.clearProperty(DaemonCommand.DIR_PROPERTY);
            } else {
                System.setProperty(DaemonCommand.DIR_PROPERTY, before);
            }
        }
    }
}
