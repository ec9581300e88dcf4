package org.tl4j.core.data;

/**
 * One image to load: an entry and the augmentation view wanted (0 = the image itself).
 *
 * @param index the position in the caller's list, carried through to the batch
 * @param entry the file and label
 * @param view  the augmentation view
 */
public record ImageRequest(int index, ImageEntry entry, int view) {
}
