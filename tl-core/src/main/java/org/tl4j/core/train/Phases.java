package org.tl4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.ClassWeighting;
import org.tl4j.api.config.Monitor;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.ClassWeights;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.data.ImageBatch;
import org.tl4j.core.data.ImageEntry;
import org.tl4j.core.data.ImageLoader;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.core.data.ImageRequest;
import org.tl4j.core.data.Seeds;
import org.tl4j.spi.CompiledModel;

/** The two kinds of phase the trainers are made of: a head on cached features, and the whole model on images. */
final class Phases {
    static final String FEATURE_EXTRACTION = "feature-extraction";
    static final String FINE_TUNE = "fine-tune";
    /**
     * Feature rows per backend call when a head is only evaluated (training accuracy, validation): large, as each
     * call has a fixed cost of about half a millisecond and a head on 1,024 rows of 2,048 floats needs 8 MB.
     */
    static final int EVAL_ROWS = 1024;

    private Phases() {
    }

    /** The image pipeline of a run. */
    static ImagePipeline pipeline(TrainingContext ctx) {
        DataSettings d = ctx.dataSettings();
        Graph base = ctx.model().base();
        ImageLoader loader = new ImageLoader(d.decoder(), base.input().shape().height(),
                base.input().shape().width(), d.crop(), ctx.model().preprocessing(), d.augmentation(),
                ctx.settings().seed());
        return new ImagePipeline(loader, d.threads(), ctx.badImages());
    }

    /** Fails before any work when the early-stopping monitor needs validation data that is not there. */
    static void checkMonitor(TrainingContext ctx) {
        Monitor monitor = ctx.settings().earlyStopping().monitor();
        if (monitor.onValidation() && ctx.data().validation().size() == 0) {
            throw new TlConfigException("tl4j.trainer.early-stopping.monitor = " + monitor.id() + " needs validation images;"
                    + " set tl4j.data.validation-split above 0, give tl4j.data.validation, or monitor loss");
        }
    }

    /** The head's starting weights: Keras initialisers seeded from the run seed. */
    static Weights initialHead(TrainingContext ctx, Graph head) {
        return Initializers.keras(head, Seeds.derive(ctx.settings().seed(), Seeds.key("head")));
    }

    /** A seeded permutation for an epoch. */
    static int[] shuffle(TrainingContext ctx, int n, int globalEpoch) {
        return Seeds.permutation(n, new SplittableRandom(Seeds.derive(ctx.settings().seed(), Seeds.key("shuffle"),
                globalEpoch)));
    }

    /** Per-example weights for labels, or null when classes are not weighted. */
    static float[] sampleWeights(TrainingContext ctx, int[] labels) {
        if (ctx.dataSettings().classWeights() == ClassWeighting.NONE) {
            return null;
        }
        float[] cw = ClassWeights.of(ctx.dataSettings().classWeights(), ctx.data().train().classCounts());
        return ClassWeights.perExample(cw, labels);
    }

    /** The latest checkpoint of the run, or null when it starts afresh (or keeps no checkpoints). */
    static Checkpoints.Checkpoint latestCheckpoint(TrainingContext ctx) {
        return ctx.checkpoints() == null ? null : ctx.checkpoints().latest().orElse(null);
    }

    static void checkFinite(float loss, String phase, int epoch, int batch) {
        if (!Float.isFinite(loss)) {
            throw new EpochLoop.NonFiniteLoss("the loss became " + loss + " in " + phase + " epoch " + epoch
                    + ", batch " + batch);
        }
    }

    /** What every phase holds: the run, its model, the trainable layers, its name and its epoch count. */
    abstract static class BasePhase implements EpochLoop.Phase {
        final TrainingContext ctx;
        final CompiledModel model;
        private final Set<String> trainable;
        private final String name;
        private final int epochs;

        BasePhase(String name, TrainingContext ctx, CompiledModel model, Set<String> trainable, int epochs) {
            this.name = name;
            this.ctx = ctx;
            this.model = model;
            this.trainable = trainable;
            this.epochs = epochs;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public CompiledModel model() {
            return model;
        }

        @Override
        public Set<String> trainableLayers() {
            return trainable;
        }
    }

    /** A head trained on cached features. */
    static final class HeadPhase extends BasePhase {
        private final List<Tensor[]> trainRows;
        private final int[] trainLabels;
        private final List<Tensor> valRows;
        private final int[] valLabels;

        HeadPhase(TrainingContext ctx, CompiledModel model, Set<String> trainable, FeatureSet features, int epochs) {
            super(FEATURE_EXTRACTION, ctx, model, trainable, epochs);
            this.trainRows = features.trainRows();
            this.trainLabels = features.trainLabels();
            this.valRows = features.valRows();
            this.valLabels = features.valLabels();
        }

        @Override
        public EpochLoop.EpochStats trainEpoch(int globalEpoch, int epochInPhase) {
            int n = trainLabels.length;
            int[] order = shuffle(ctx, n, globalEpoch);
            int views = trainRows.isEmpty() ? 1 : trainRows.get(0).length;
            int view = epochInPhase % views;
            int bs = ctx.dataSettings().batchSize();
            int batches = (n + bs - 1) / bs;
            double lossSum = 0;
            long correct = 0;
            String task = "epoch " + globalEpoch;
            for (int b = 0; b < batches; b++) {
                int from = b * bs;
                int to = Math.min(n, from + bs);
                List<Tensor> rows = new ArrayList<>(to - from);
                int[] labels = new int[to - from];
                for (int i = from; i < to; i++) {
                    rows.add(trainRows.get(order[i])[view]);
                    labels[i - from] = trainLabels[order[i]];
                }
                Tensor x = FeatureExtractor.stack(rows);
                float loss = model.trainStep(x, labels, sampleWeights(ctx, labels));
                checkFinite(loss, name(), globalEpoch, b + 1);
                lossSum += (double) loss * labels.length;
                ctx.listener().progress(new Progress(task, b + 1, batches, "batches"));
            }
            // training accuracy of the head as it ends the epoch (inference mode), in a few large batches: one
            // backend call per EVAL_ROWS rows instead of one extra call per training batch
            List<Tensor> epochRows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                epochRows.add(trainRows.get(i)[view]);
            }
            Tensor p = predict(model, epochRows, Math.max(bs, EVAL_ROWS));
            for (int i = 0; i < n; i++) {
                correct += Metrics.argmax(p.data(), i * p.dim(1), p.dim(1)) == trainLabels[i] ? 1 : 0;
            }
            ctx.listener().taskDone(task);
            return new EpochLoop.EpochStats(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN
                    : (double) correct / n);
        }

        @Override
        public Evaluation validate() {
            if (valRows.isEmpty()) {
                return null;
            }
            return Metrics.evaluate(predict(model, valRows, Math.max(ctx.dataSettings().batchSize(), EVAL_ROWS)),
                    valLabels, ctx.settings().topK());
        }
    }

    /** Probabilities of a head for feature rows, in batches. */
    static Tensor predict(CompiledModel head, List<Tensor> rows, int batchSize) {
        List<Tensor> parts = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += batchSize) {
            parts.add(head.predict(FeatureExtractor.stack(rows.subList(from, Math.min(rows.size(),
                    from + batchSize)))));
        }
        return concat(parts);
    }

    /** Concatenates batches along the first dimension. */
    static Tensor concat(List<Tensor> parts) {
        if (parts.isEmpty()) {
            return Tensor.zeros(0, 0);
        }
        int n = parts.stream().mapToInt(t -> t.dim(0)).sum();
        int[] shape = parts.get(0).shape();
        shape[0] = n;
        float[] data = new float[parts.stream().mapToInt(Tensor::size).sum()];
        int off = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data(), 0, data, off, t.size());
            off += t.size();
        }
        return Tensor.of(data, shape);
    }

    /** The whole model trained on images. */
    static final class FineTunePhase extends BasePhase {
        private final ImagePipeline pipeline;

        FineTunePhase(TrainingContext ctx, CompiledModel model, Set<String> trainable, ImagePipeline pipeline,
                int epochs) {
            super(FINE_TUNE, ctx, model, trainable, epochs);
            this.pipeline = pipeline;
        }

        @Override
        public EpochLoop.EpochStats trainEpoch(int globalEpoch, int epochInPhase) {
            Dataset train = ctx.data().train();
            int[] views = ctx.dataSettings().trainViews();
            int view = views[epochInPhase % views.length];
            int[] order = shuffle(ctx, train.size(), globalEpoch);
            List<ImageRequest> requests = new ArrayList<>(order.length);
            for (int i = 0; i < order.length; i++) {
                requests.add(new ImageRequest(i, train.get(order[i]), view));
            }
            int bs = ctx.dataSettings().batchSize();
            long batches = (requests.size() + bs - 1) / bs;
            double lossSum = 0;
            long n = 0;
            int b = 0;
            String task = "epoch " + globalEpoch;
            try (ImagePipeline.Batches it = pipeline.batches(requests, bs)) {
                while (it.hasNext()) {
                    ImageBatch batch = it.next();
                    int[] labels = batch.labels();
                    float loss = model.trainStep(batch.images(), labels, sampleWeights(ctx, labels));
                    checkFinite(loss, name(), globalEpoch, ++b);
                    lossSum += (double) loss * labels.length;
                    n += labels.length;
                    ctx.listener().progress(new Progress(task, b, batches, "batches"));
                }
            }
            ctx.listener().taskDone(task);
            return new EpochLoop.EpochStats(n == 0 ? Double.NaN : lossSum / n, Double.NaN);
        }

        @Override
        public Evaluation validate() {
            Dataset val = ctx.data().validation();
            if (val.size() == 0) {
                return null;
            }
            return predictImages(model, pipeline, val.entries(), ctx.dataSettings().batchSize()).evaluate(
                    ctx.settings().topK());
        }
    }

    /** Runs a model on images (view 0) and returns its outputs for the good ones. */
    static Predictions predictImages(CompiledModel model, ImagePipeline pipeline, List<ImageEntry> entries,
            int batchSize) {
        List<ImageRequest> requests = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            requests.add(new ImageRequest(i, entries.get(i), 0));
        }
        List<Tensor> parts = new ArrayList<>();
        List<ImageEntry> kept = new ArrayList<>();
        try (ImagePipeline.Batches it = pipeline.batches(requests, batchSize)) {
            while (it.hasNext()) {
                ImageBatch b = it.next();
                parts.add(model.predict(b.images()));
                b.requests().forEach(r -> kept.add(r.entry()));
            }
        }
        return new Predictions(kept, concat(parts));
    }
}
