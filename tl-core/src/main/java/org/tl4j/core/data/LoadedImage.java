package org.tl4j.core.data;

/**
 * An image ready for a model: fitted to the input size, augmented and preprocessed.
 *
 * @param request     what was asked
 * @param contentHash the SHA-256 of the file's bytes
 * @param pixels      {@code height × width × 3} floats, preprocessed
 */
public record LoadedImage(ImageRequest request, String contentHash, float[] pixels) {
}
