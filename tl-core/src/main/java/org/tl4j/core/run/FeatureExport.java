package org.tl4j.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tl4j.api.TlException;
import org.tl4j.api.config.CacheMode;
import org.tl4j.api.config.Problems;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.internal.HomePaths;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.core.data.BadImage;
import org.tl4j.core.data.BadImageLog;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.data.FeatureCache;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.core.data.ImageRequest;
import org.tl4j.core.registry.ProviderOptions;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.train.FeatureExtractor;
import org.tl4j.core.train.TrainingListener;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.CompiledModel;

/**
 * {@code tl extract}: a backbone's features for every image under a folder, as a NumPy {@code .npy} float32 array
 * (rows in sorted relative-path order, pooled to {@code [n, c]} or whole maps {@code [n, h, w, c]}) with a sidecar
 * {@code .txt} listing each row's relative path. Bad images are left out (and named in {@link Result#badImages()}).
 */
public final class FeatureExport {
    private FeatureExport() {
    }

    /**
     * What was written.
     *
     * @param npy       the array file
     * @param paths     the sidecar list
     * @param shape     the array's shape
     * @param badImages images left out
     */
    public record Result(Path npy, Path paths, int[] shape, List<BadImage> badImages) {
    }

    /** Whether features are pooled. */
    public enum Pooling {
        /** Global average pooling to one vector per image. */
        POOL,
        /** The whole feature map. */
        NONE
    }

    /** Extracts features of every image under {@code images} with the config's backbone, weights and backend. */
    public static Result extract(RunConfig config, Registry registry, Path images, Path npy, Pooling pooling,
            TrainingListener listener) {
        Problems problems = new Problems();
        ProviderOptions.check(config, registry.get(Backbone.class, config.backbone().id()),
                registry.get(Backend.class, config.backend().id()), problems);
        problems.throwIfAny();
        FeaturePass pass = FeaturePass.of(config, registry, pooling);
        Graph graph = pass.graph();
        Dataset data = Dataset.unlabelled(images);
        BadImageLog bad = new BadImageLog(config.data().onBadImage());
        int threads = config.backend().threads();
        try (BackendEngine engine = pass.open(threads); CompiledModel model = pass.compile(engine);
                ImagePipeline pipeline = new ImagePipeline(pass.loader(), threads, bad);
                FeatureCache cache = cacheFor(config)) {
            List<ImageRequest> requests = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                requests.add(new ImageRequest(i, data.get(i), 0));
            }
            Tensor[] rows = new FeatureExtractor(model, pass.space(), cache, pipeline, config.data().batchSize(), listener)
                    .extract(requests, "features");
            List<Tensor> kept = new ArrayList<>();
            StringBuilder names = new StringBuilder();
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != null) {
                    kept.add(rows[i]);
                    names.append(data.get(i).name()).append('\n');
                }
            }
            int[] shape = shapeOf(kept, graph);
            Path txt = sidecar(npy);
            try {
                if (npy.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(npy.toAbsolutePath().getParent());
                }
                NpyWriter.write(npy, kept.isEmpty() ? new float[0] : FeatureExtractor.stack(kept).data(), shape);
                Files.writeString(txt, names.toString());
            } catch (IOException e) {
                throw new TlException("cannot write " + npy + ": " + e.getMessage(), e);
            }
            return new Result(npy, txt, shape, bad.list());
        }
    }

    /** {@code FILE.txt} beside {@code FILE.npy}. */
    public static Path sidecar(Path npy) {
        String n = npy.getFileName().toString();
        return npy.resolveSibling((n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n) + ".txt");
    }

    private static int[] shapeOf(List<Tensor> rows, Graph graph) {
        int[] row = graph.outputShape().dims();
        int[] shape = new int[row.length + 1];
        shape[0] = rows.size();
        System.arraycopy(row, 0, shape, 1, row.length);
        return shape;
    }

    private static FeatureCache cacheFor(RunConfig config) {
        return config.data().cacheMode() == CacheMode.DISK
                ? FeatureCache.onDisk(HomePaths.expand(config.data().cacheDir())) : FeatureCache.none();
    }
}
