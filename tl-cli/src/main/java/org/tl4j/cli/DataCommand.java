package org.tl4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tl4j.api.DataException;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.Suggest;
import org.tl4j.core.weights.FileDownload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import org.tl4j.api.internal.MoreFiles;

/** {@code tl data fetch NAME}: downloads and unpacks the public datasets the example configs use. */
@Command(name = "data", description = "Download the example datasets (flowers, cats-dogs).",
        subcommands = {DataCommand.Fetch.class})
final class DataCommand implements Callable<Integer> {
    /** Public datasets: name → (archive URL, folder the archive creates). */
    static final Map<String, String[]> DATASETS = Map.of(
            "flowers", new String[] {
                "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz",
                "flower_photos"},
            "cats-dogs", new String[] {
                "https://storage.googleapis.com/mledu-datasets/cats_and_dogs_filtered.zip",
                "cats_and_dogs_filtered"});

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_USAGE;
    }

    /** {@code tl data fetch}. */
    @Command(name = "fetch", description = "Download and unpack a dataset into DIR/NAME (default data/NAME).")
    static final class Fetch implements Callable<Integer> {
        @ParentCommand
        DataCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "flowers (TensorFlow flower photos, 5 classes) or "
                + "cats-dogs (Keras tutorial's cats_and_dogs_filtered).")
        String name;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data", description = "Parent folder (default: "
                + "${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--url", paramLabel = "URL", description = "Download the archive from this URL instead (a "
                + "mirror, or a local server): a .tgz, .tar.gz or .zip holding the dataset's folder.")
        String url;

        @Override
        public Integer call() throws IOException {
            String[] ds = DATASETS.get(name);
            if (ds == null) {
                throw new TlConfigException("unknown dataset `" + name + "`"
                        + Suggest.didYouMean(name, DATASETS.keySet())
                        + " (known: " + String.join(", ", DATASETS.keySet().stream().sorted().toList()) + ")");
            }
            PrintWriter out = parent.spec.commandLine().getOut();
            PrintWriter err = parent.spec.commandLine().getErr();
            Path target = dir.resolve(name);
            Path unpacked = target.resolve(ds[1]);
            if (Files.isDirectory(unpacked)) {
                out.println(unpacked + " (already there)");
                out.flush();
                return 0;
            }
            String from = url != null ? url : ds[0];
            String file = from.substring(from.lastIndexOf('/') + 1);
            // a download is atomic: an archive already there is whole (an earlier run stopped while unpacking)
            Path archive = target.resolve(".download").resolve(file);
            if (!Files.isRegularFile(archive)) {
                FileDownload.fetch("dataset '" + name + "'", from, archive, WeightsCommand.progress(err,
                        parent.main.quiet));
            }
            Path tmp = Files.createTempDirectory(target, ".unpack-");
            try {
                int files = Archives.unpack(archive, tmp);
                requireTopFolder(archive, tmp, ds[1]);
                Files.move(tmp.resolve(ds[1]), unpacked, StandardCopyOption.ATOMIC_MOVE);
                out.println(unpacked + " (" + files + " files)");
            } finally {
                delete(tmp);
            }
            out.flush();
            return 0;
        }

        /** The dataset's archives hold one folder, {@code top}; another archive (from --url) may not. */
        private static void requireTopFolder(Path archive, Path unpacked, String top) throws IOException {
            if (Files.isDirectory(unpacked.resolve(top))) {
                return;
            }
            try (Stream<Path> s = Files.list(unpacked)) {
                List<String> has = s.map(p -> p.getFileName().toString()).sorted().limit(6).toList();
                throw new DataException("archive " + archive + " does not hold the folder " + top + "/ at its top (it"
                        + " holds " + (has.isEmpty() ? "nothing" : String.join(", ", has)) + "); give an archive of "
                        + top + "/ with one subfolder per class, as the original download has");
            }
        }

        private static void delete(Path p) throws IOException {
            MoreFiles.deleteRecursively(p);
        }
    }
}
