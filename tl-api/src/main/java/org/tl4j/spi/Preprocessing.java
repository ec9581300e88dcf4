package org.tl4j.spi;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * How a backbone expects its RGB input in [0, 255]: {@code TF} scales to [−1, 1]; {@code CAFFE} reorders to BGR and
 * subtracts the ImageNet channel means; {@code TORCH} scales to [0, 1] and normalises by the ImageNet mean and
 * standard deviation; {@code NONE} passes pixels through.
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum Preprocessing {
    TF, CAFFE, TORCH, NONE;

    private static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};
    private static final float[] TORCH_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] TORCH_STD = {0.229f, 0.224f, 0.225f};

    /** Applies this mode in place to interleaved RGB pixels ({@code …, r, g, b, …}) in [0, 255]. */
    public void apply(float[] rgb) {
        switch (this) {
            case TF -> {
                for (int i = 0; i < rgb.length; i++) {
                    rgb[i] = rgb[i] / 127.5f - 1f;
                }
            }
            case CAFFE -> {
                for (int i = 0; i + 2 < rgb.length; i += 3) {
                    float r = rgb[i];
                    rgb[i] = rgb[i + 2] - CAFFE_MEAN_BGR[0];
                    rgb[i + 1] = rgb[i + 1] - CAFFE_MEAN_BGR[1];
                    rgb[i + 2] = r - CAFFE_MEAN_BGR[2];
                }
            }
            case TORCH -> {
                for (int i = 0; i < rgb.length; i++) {
                    int c = i % 3;
                    rgb[i] = (rgb[i] / 255f - TORCH_MEAN[c]) / TORCH_STD[c];
                }
            }
            case NONE -> {
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /** The config spelling: {@code tf}, {@code caffe}, {@code torch}, {@code none}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the config spelling. */
    public static Preprocessing fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
