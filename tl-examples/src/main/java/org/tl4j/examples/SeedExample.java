package org.tl4j.examples;

import java.nio.file.Path;
import org.tl4j.api.config.RunConfigBuilder;
import org.tl4j.core.run.RunSummary;
import org.tl4j.core.run.TransferLearning;

/**
 * The seed workflow, Keras's transfer-learning tutorial, on the tl4j API. The Keras original:
 * <pre>
 * base = MobileNetV2(input_shape=(160,160,3), include_top=False, weights='imagenet')
 * base.trainable = False
 * x = base(inputs, training=False); x = GlobalAveragePooling2D()(x); x = Dropout(0.2)(x)
 * outputs = Dense(5, activation='softmax')(x)
 * model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
 * </pre>
 * To run it on the flowers photos (the argument, optional, is an image folder with one subfolder per class):
 * <pre>
 * ./tl data fetch flowers
 * java -p tl-cli/target/modules:tl-examples/target/tl-examples-0.1.0-SNAPSHOT.jar \
 *      -m org.tl4j.examples/org.tl4j.examples.SeedExample data/flowers/flower_photos
 * </pre>
 */
public final class SeedExample {
    private SeedExample() {
    }

    /** The Keras snippet as a tl4j configuration; the class count (Keras's {@code Dense(5)}) comes from the data. */
    public static RunConfigBuilder seed(Path images) {
        return new RunConfigBuilder()
                .optBackbone("mobilenet_v2").optInputSize(160, 160).optWeights("imagenet") // MobileNetV2(…)
                .optFreezer("all")                    // base.trainable = False; BatchNorm runs in inference mode
                .optHead("linear").optDropout(0.2)    // GlobalAveragePooling2D → Dropout(0.2) → Dense softmax
                .optTrainer("feature-extraction")     // the frozen base sees each image once; features are cached
                .optEpochs(10).optOptimizer("adam", 0.001) // Adam; the loss is sparse categorical cross-entropy
                .optTrainData(images).optValidationSplit(0.2);
    }

    /** Trains the configured model and writes its run folder (metrics, model bundle, report.html). */
    public static RunSummary train(RunConfigBuilder config) {
        return TransferLearning.builder().setConfig(config.build()).build().train();
    }

    /** Runs the seed workflow on the image folder given as the first argument, and prints the result. */
    public static void main(String[] args) {
        RunSummary run = train(seed(Path.of(args.length > 0 ? args[0] : "data/flowers/flower_photos")));
        System.out.printf("validation accuracy %.3f; model in %s%n", run.evaluation().accuracy(),
                run.runDirectory().model());
    }
}
