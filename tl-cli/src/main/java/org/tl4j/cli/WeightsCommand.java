package org.tl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tl4j.api.WeightsException;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.config.RunConfig.BackboneConfig;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.run.Manifest;
import org.tl4j.core.run.ModelBundle;
import org.tl4j.core.weights.DownloadListener;
import org.tl4j.core.weights.Safetensors;
import org.tl4j.core.weights.WeightResolver;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.WeightFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tl weights where|fetch|verify|export-base}: the published weight files of a backbone, tl4j's weight cache,
 * and the trained base of a model bundle as a weight file of its own.
 */
@Command(name = "weights", description = "Locate, download or verify a backbone's published weight files, or export"
        + " the trained base of a model.", subcommands = {WeightsCommand.Where.class, WeightsCommand.Fetch.class,
            WeightsCommand.Verify.class, WeightsCommand.ExportBase.class})
final class WeightsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_USAGE;
    }

    /** What names a weight file: a backbone, a size, an alpha, a weights id, and the cache settings. */
    static final class Target {
        @Parameters(index = "0", paramLabel = "BACKBONE", description = "A backbone id, e.g. mobilenet_v2.")
        String backboneId;

        @Option(names = "--input", paramLabel = "H[xW]", description = "Input size (picks MobileNetV2's file).")
        String input;

        @Option(names = "--alpha", paramLabel = "A", description = "Width multiplier (MobileNetV2).")
        Double alpha;

        @Option(names = "--weights", paramLabel = "ID", defaultValue = "imagenet",
                description = "Catalogue id (default: ${DEFAULT-VALUE}).")
        String weightsId;

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "Config overrides, e.g. backbone.cache-dir=/data/weights or backbone.offline=true.")
        List<String> sets = new ArrayList<>();

        Backbone backbone(Main main) {
            return main.registry().get(Backbone.class, backboneId);
        }

        BackboneSpec spec(Backbone b) {
            return DescribeCommand.spec(b, input, alpha);
        }

        WeightFile file(Backbone b, BackboneSpec s) {
            return b.weightFile(weightsId, s).orElseThrow(() -> new WeightsException(
                    b.missingWeightsReason(weightsId, s)));
        }

        WeightResolver resolver(Main main, PrintWriter err) {
            BackboneConfig c = RunConfig.load(null, sets, System.getProperties(), main.registry().classLoader())
                    .backbone();
            return WeightResolver.builder().optCacheDir(c.cacheDir()).optKerasCacheDir(c.kerasCacheDir())
                    .optExpectedHash(c.weightsHash())
                    .optNetwork(c.offline() ? WeightResolver.Network.OFFLINE : WeightResolver.Network.ONLINE)
                    .optListener(progress(err, main.quiet)).build();
        }
    }

    /** Downloads drawn by the command line's progress renderer. */
    static DownloadListener progress(PrintWriter err, boolean quiet) {
        return new ProgressPrinter(err, ProgressPrinter.mode(quiet, false)).downloads();
    }

    /** {@code tl weights where}: the file name, URL and where it is (or would be) cached. */
    @Command(name = "where", description = "Show the file, URL, hash and the folders searched.")
    static final class Where implements Callable<Integer> {
        @ParentCommand
        WeightsCommand parent;

        @Mixin
        Target target;

        @Override
        public Integer call() {
            Main main = parent.main;
            PrintWriter out = parent.spec.commandLine().getOut();
            Backbone b = target.backbone(main);
            BackboneSpec s = target.spec(b);
            WeightFile f = target.file(b, s);
            WeightResolver r = target.resolver(main, parent.spec.commandLine().getErr());
            out.println("file     " + f.fileName());
            out.println("url      " + f.url());
            out.println("hash     " + (f.hash() == null ? "none published" : f.hashAlgorithm() + " " + f.hash()));
            out.println("size     " + (f.size() < 0 ? "unknown" : f.size() + " bytes"));
            out.println("searched " + r.searchDirs());
            Optional<Path> found = r.find(f);
            out.println("found    " + found.map(Path::toString).orElse("no (`tl weights fetch "
                    + target.backboneId + "` downloads it)"));
            out.flush();
            return found.isPresent() ? 0 : Main.EXIT_FAILURE;
        }
    }

    /** {@code tl weights fetch}: downloads into tl4j's cache (with progress, hash check, atomic move). */
    @Command(name = "fetch", description = "Download the file into tl4j's cache (no-op when cached).")
    static final class Fetch implements Callable<Integer> {
        @ParentCommand
        WeightsCommand parent;

        @Mixin
        Target target;

        @Override
        public Integer call() {
            Main main = parent.main;
            Backbone b = target.backbone(main);
            BackboneSpec s = target.spec(b);
            Path p = target.resolver(main, parent.spec.commandLine().getErr()).resolve(target.file(b, s));
            parent.spec.commandLine().getOut().println(p);
            parent.spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code tl weights verify}: checks size, hash and that the file loads into the backbone. */
    @Command(name = "verify", description = "Check a cached or given file: size, hash, and that it loads.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        WeightsCommand parent;

        @Mixin
        Target target;

        @Option(names = "--file", paramLabel = "PATH", description = "Verify this file instead of the cached one.")
        Path file;

        @Override
        public Integer call() {
            Main main = parent.main;
            PrintWriter out = parent.spec.commandLine().getOut();
            Backbone b = target.backbone(main);
            BackboneSpec s = target.spec(b);
            WeightResolver r = target.resolver(main, parent.spec.commandLine().getErr());
            WeightFile f = target.file(b, s);
            Path p = file != null ? file : r.find(f).orElseThrow(() -> new WeightsException(f.fileName()
                    + " is not in " + r.searchDirs() + "; `tl weights fetch " + target.backboneId + "` downloads it"));
            if (!Files.isRegularFile(p)) {
                throw new WeightsException("no such file: " + p);
            }
            if (f.hash() != null || f.size() >= 0) {
                WeightResolver.verify(p, f);
                out.println("hash/size ok   " + p);
            } else {
                out.println("no hash published for " + f.fileName() + "; checking that it loads");
            }
            var weights = r.load(p.toString(), b, s);
            out.println("loads ok       " + weights.size() + " arrays into " + b.id() + " " + s);
            out.flush();
            return 0;
        }
    }

    /**
     * {@code tl weights export-base}: the base (backbone) weights of a model bundle as a {@code .safetensors} file,
     * to start another run from with {@code backbone.weights = FILE}: a base fine-tuned or trained from scratch.
     */
    @Command(name = "export-base", description = "Write the base (backbone) weights of a trained model to a"
            + " .safetensors file that backbone.weights can name.")
    static final class ExportBase implements Callable<Integer> {
        @ParentCommand
        WeightsCommand parent;

        @Parameters(index = "0", paramLabel = "MODEL", description = "A model bundle (RUN_DIR/model) or a run folder.")
        Path model;

        @Parameters(index = "1", paramLabel = "FILE", description = "The .safetensors file to write.")
        Path out;

        @Option(names = "--force", description = "Replace FILE if it exists.")
        boolean force;

        @Override
        public Integer call() {
            if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
                throw new ParameterException(parent.spec.commandLine(), "FILE must end in"
                        + " .safetensors, the extension backbone.weights reads as tl4j's format: " + out);
            }
            Path dir = Files.isRegularFile(model.resolve(ModelBundle.MANIFEST)) ? model : model.resolve("model");
            OutputGuard.refuseOverwritingInputs(out, "FILE", model, dir);
            OutputGuard.refuseExisting(out, force, "FILE");
            ModelBundle bundle = ModelBundle.read(dir);
            Manifest m = bundle.manifest();
            Backbone backbone = parent.main.registry().get(Backbone.class, m.backbone().id());
            Weights base = bundle.baseWeights(backbone);
            BackboneSpec spec = bundle.backboneSpec();
            Safetensors.write(out, base, Map.of("format", "tl4j-weights/1", "backbone", m.backbone().id(),
                    "alpha", String.valueOf(spec.alpha()), "input-size", spec.height() + "x" + spec.width(),
                    "source", dir.toString(), "source-sha256", m.weightsSha256()));
            long params = base.asMap().values().stream().mapToLong(t -> t.size()).sum();
            PrintWriter pw = parent.spec.commandLine().getOut();
            pw.println("wrote " + out + ": " + base.size() + " arrays (" + params + " values) of " + m.backbone().id()
                    + " " + spec + " from " + dir);
            pw.flush();
            return 0;
        }
    }
}
