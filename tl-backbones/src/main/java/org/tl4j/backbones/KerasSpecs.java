package org.tl4j.backbones;

import java.util.Locale;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Shape;
import org.tl4j.spi.BackboneSpec;

/** Rules shared by the Keras backbones: input checks ({@code obtain_input_shape}), the input node, weight URLs. */
final class KerasSpecs {
    /** Where Keras downloads its application weights from. */
    static final String BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/";
    /** Keras's {@code min_size} for all three models. */
    static final int MIN_SIZE = 32;
    /** The Keras name of the input layer. */
    static final String INPUT_NAME = "input_layer";
    /** The config id of the ImageNet weights. */
    static final String IMAGENET = "imagenet";

    private KerasSpecs() {
    }

    /** Throws unless height and width are each unknown or at least 32, as Keras requires. */
    static void checkSize(String backboneId, BackboneSpec spec) {
        if (!sizeOk(spec.height()) || !sizeOk(spec.width())) {
            throw new TlConfigException(backboneId + ": input-size = [" + dim(spec.height()) + ", " + dim(spec.width())
                    + "] is not supported; height and width must each be at least " + MIN_SIZE
                    + " pixels, or unknown (" + Shape.UNKNOWN + ")");
        }
    }

    /** Throws unless alpha is 1.0: VGG16 and ResNet50 have no width multiplier. */
    static void checkNoAlpha(String backboneId, BackboneSpec spec) {
        if (spec.alpha() != 1.0) {
            throw new TlConfigException(backboneId + ": alpha = " + spec.alpha() + " is not supported; " + backboneId
                    + " has no width multiplier, so alpha must be 1.0");
        }
    }

    /** The {@code input_layer} node: an RGB image of the spec's size. */
    static Input input(BackboneSpec spec) {
        return new Input(INPUT_NAME, Shape.hwc(spec.height(), spec.width(), 3));
    }

    /** The Keras spelling of a dimension: a number, or {@code None} when unknown. */
    static String dim(int n) {
        return n == Shape.UNKNOWN ? "None" : Integer.toString(n);
    }

    /** Formats a number as Python's {@code f"{x:0.2f}"}. */
    static String twoDecimals(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    private static boolean sizeOk(int n) {
        return n == Shape.UNKNOWN || n >= MIN_SIZE;
    }
}
