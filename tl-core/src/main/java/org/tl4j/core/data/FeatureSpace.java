package org.tl4j.core.data;

import java.util.Locale;

/**
 * Everything that decides what features a base computes from an image file, apart from the file itself: the cache
 * namespace. Two runs share cached features exactly when their feature spaces are equal.
 *
 * @param backboneId    the backbone provider id, e.g. {@code mobilenet_v2}
 * @param backboneSpec  the rest of the backbone spec (alpha, options) in a canonical form
 * @param weightsHash   the SHA-256 of the base weights ({@code random:SEED} for random init)
 * @param height        input height
 * @param width         input width
 * @param preprocessing the preprocessing mode id
 * @param crop          the crop mode id
 * @param decoding      how files are decoded ({@link ImageDecoder#id()})
 * @param output        which features are kept, e.g. {@code pooled} (global average) or {@code map}
 */
public record FeatureSpace(String backboneId, String backboneSpec, String weightsHash, int height, int width,
        String preprocessing, String crop, String decoding, String output) {
    /** Bumped whenever the pipeline changes in a way that changes features. */
    static final int FORMAT = 2;

    /** A canonical one-line description. */
    public String describe() {
        return String.format(Locale.ROOT, "format=%d backbone=%s spec=%s weights=%s input=%dx%d preprocessing=%s"
                + " crop=%s decoding=%s output=%s", FORMAT, backboneId, backboneSpec, weightsHash, height, width,
                preprocessing, crop, decoding, output);
    }

    /** A short stable id (16 hex digits of the SHA-256 of {@link #describe()}), used as a folder name. */
    public String id() {
        return ContentHash.sha256(describe()).substring(0, 16);
    }

    /** The cache key of one view of one file in this space. */
    public FeatureKey key(String contentHash, String view) {
        return new FeatureKey(id(), contentHash, view);
    }

    /**
     * The view part of a key: {@code v0} for the image itself, else a digest of the augmentation and its seed plus the
     * view number, so that changing augmentation invalidates only augmented views.
     */
    public static String viewKey(Augmentation augmentation, long seed, int view) {
        if (view == 0 || augmentation.isNone()) {
            return "v0";
        }
        return "a" + ContentHash.sha256(augmentation.id() + ";seed=" + seed).substring(0, 12) + "-v" + view;
    }
}
