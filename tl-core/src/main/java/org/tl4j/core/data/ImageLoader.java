package org.tl4j.core.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.tl4j.api.config.CropMode;
import org.tl4j.spi.Preprocessing;

/**
 * Turns one image file into model input: read, hash, decode, fit to the input size (optional centre crop, TF
 * bilinear resize), augment the requested view, apply the backbone's preprocessing. Thread-safe and stateless.
 *
 * @param decoder       decodes files, refusing huge ones
 * @param height        model input height
 * @param width         model input width
 * @param crop          how the aspect ratio is fitted
 * @param preprocessing the backbone's preprocessing mode
 * @param augmentation  what views {@code ≥ 1} look like
 * @param seed          the augmentation seed
 */
public record ImageLoader(ImageDecoder decoder, int height, int width, CropMode crop, Preprocessing preprocessing,
        Augmentation augmentation, long seed) {

    /** A loader without augmentation. */
    public static ImageLoader of(int height, int width, CropMode crop, Preprocessing preprocessing) {
        return new ImageLoader(new ImageDecoder(), height, width, crop, preprocessing, Augmentation.none(), 0);
    }

    /** Loads one request; throws {@link BadImageException} for an unusable file. */
    public LoadedImage load(ImageRequest request) {
        Path path = request.entry().path();
        byte[] bytes = ImageDecoder.readBytes(path);
        String hash = ContentHash.sha256(bytes);
        return new LoadedImage(request, hash, pixels(path, bytes, hash, request.view()));
    }

    /** Decodes bytes read from {@code path} and makes view {@code view} of them, preprocessed (a fresh array). */
    public float[] pixels(Path path, byte[] bytes, String contentHash, int view) {
        RgbImage fitted = decoder.decode(path, bytes, rows -> Resize.fit(rows, height, width, crop));
        return preprocessed(augmentation.apply(fitted, seed, ContentHash.key(contentHash), view));
    }

    /**
     * Decodes bytes and fits them to the input size, preprocessed, without augmentation: the model input of view 0
     * (a fresh array). {@code source} names the image in a {@link BadImageException}.
     */
    public float[] pixels(Path source, byte[] bytes) {
        return preprocessed(decoder.decode(source, bytes, rows -> Resize.fit(rows, height, width, crop)));
    }

    /** The model input of view 0 for an image decoded already (a fresh array). */
    public float[] pixels(BufferedImage image) {
        return preprocessed(Resize.fit(RasterRows.of(image), height, width, crop));
    }

    private float[] preprocessed(RgbImage image) {
        float[] out = image.pixels();
        preprocessing.apply(out);
        return out;
    }

    /** Hashes a file's contents; throws {@link BadImageException} when it cannot be read or is empty. */
    public static String hash(Path path) {
        return ContentHash.sha256(ImageDecoder.readBytes(path));
    }
}
