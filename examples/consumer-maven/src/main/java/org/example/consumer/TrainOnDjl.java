package org.example.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.tl4j.api.config.RunConfigBuilder;
import org.tl4j.core.predict.Classifier;
import org.tl4j.core.predict.Prediction;
import org.tl4j.core.run.RunSummary;
import org.tl4j.core.run.TransferLearning;

/**
 * A library user's program: trains config/fashion2.conf's head (t-shirt vs shirt) on the djl backend through tl4j's
 * public Java API, with nothing of tl4j's build around it, then loads the model it wrote with {@link Classifier} and
 * classifies the validation images, which must agree with the run's own evaluation.
 *
 * <pre>
 * java -cp … org.example.consumer.TrainOnDjl DATA_DIR OUTPUT_DIR
 * </pre>
 * DATA_DIR is the repository's data/fashion2 (train/, validation/ and the pretrained backbone's safetensors file).
 */
public final class TrainOnDjl {
    private TrainOnDjl() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: TrainOnDjl DATA_DIR OUTPUT_DIR");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        RunSummary run = TransferLearning.builder().setConfig(new RunConfigBuilder()
                .optSeed(42)
                .optBackbone("mobilenet_v2").optAlpha(0.35).optInputSize(32, 32)
                .optWeights(data.resolve("mobilenet_v2_0.35_32_fashion8.safetensors").toString())
                .optFreezer("all").optHead("linear").optDropout(0.2)
                .optTrainer("feature-extraction").optEpochs(5).optOptimizer("adam", 0.001)
                .optBackend("djl")
                .optTrainData(data.resolve("train")).optValidationData(data.resolve("validation")).optBatchSize(32)
                .optOutputDir(Path.of(args[1]))
                .build()).build().train();
        double accuracy = run.evaluation().accuracy();
        System.out.printf("djl: validation accuracy %.3f; model in %s%n", accuracy, run.runDirectory().model());
        // two classes: a head that learnt nothing stays near 0.5 (the quickstart reaches about 0.8)
        if (!(accuracy > 0.6)) {
            System.err.println("djl: the head did not learn (validation accuracy " + accuracy + ")");
            System.exit(1);
        }
        double classified = classify(run.runDirectory().model(), data.resolve("validation"));
        System.out.printf("djl: Classifier accuracy %.3f on the validation images%n", classified);
        if (Math.abs(classified - accuracy) > 1e-9) {
            System.err.println("djl: Classifier disagrees with the evaluation (" + classified + " vs " + accuracy + ")");
            System.exit(1);
        }
    }

    /** The share of the images under {@code folder}/CLASS/ that the model puts in CLASS. */
    private static double classify(Path model, Path folder) throws IOException {
        List<Path> images;
        try (Stream<Path> files = Files.walk(folder)) {
            images = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
        int right = 0;
        try (Classifier classifier = Classifier.load(model)) {
            List<Prediction> predictions = classifier.predictAll(images);
            for (int i = 0; i < images.size(); i++) {
                if (predictions.get(i).label().equals(images.get(i).getParent().getFileName().toString())) {
                    right++;
                }
            }
        }
        return right / (double) images.size();
    }
}
