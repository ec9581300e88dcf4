package org.tl4j.core.train;

import org.tl4j.api.config.ClassWeighting;
import org.tl4j.api.config.CropMode;
import org.tl4j.api.config.IccProfiles;
import org.tl4j.api.config.JpegDecoding;
import org.tl4j.api.config.OnBadImage;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.data.Augmentation;
import org.tl4j.core.data.ImageDecoder;

/**
 * How images are read and batched ({@code tl4j.data}, {@code tl4j.backend.threads}).
 *
 * @param batchSize    examples per step
 * @param crop         aspect handling
 * @param augmentation what augmented views look like
 * @param views        augmented views per training image (used only when augmentation is on)
 * @param classWeights class weighting
 * @param maxPixels    the decoder's pixel limit
 * @param jpeg         which JPEG decoder
 * @param icc          what embedded ICC profiles do
 * @param threads      decoder threads, 0 = all cores
 * @param onBadImage   what bad images do
 */
public record DataSettings(int batchSize, CropMode crop, Augmentation augmentation, int views,
        ClassWeighting classWeights, long maxPixels, JpegDecoding jpeg, IccProfiles icc, int threads,
        OnBadImage onBadImage) {

    /** Settings from a parsed run config. */
    public static DataSettings from(RunConfig config) {
        RunConfig.DataConfig d = config.data();
        RunConfig.AugmentConfig a = d.augment();
        return new DataSettings(d.batchSize(), d.crop(),
                new Augmentation(a.flip(), a.rotation(), a.zoom(), a.translation(), a.contrast()), a.views(),
                d.classWeights(), d.maxPixels(), d.jpegDecoder(), d.icc(), config.backend().threads(), d.onBadImage());
    }

    /** The image decoder these settings ask for. */
    public ImageDecoder decoder() {
        return new ImageDecoder(maxPixels, jpeg, icc);
    }

    /** The training views: {@code 1 … views} with augmentation, else just view 0. */
    public int[] trainViews() {
        if (augmentation.isNone()) {
            return new int[] {0};
        }
        int[] v = new int[views];
        for (int i = 0; i < views; i++) {
            v[i] = i + 1;
        }
        return v;
    }
}
