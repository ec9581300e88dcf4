package org.tl4j.core.data;

import java.util.Arrays;
import java.util.Locale;
import org.tl4j.api.TlConfigException;

/** How an image whose aspect ratio differs from the model input's is fitted ({@code data.crop}). */
public enum CropMode {
    /** Stretch the whole image to the input size (Keras's default). */
    NONE,
    /** Crop the largest centred box of the input's aspect ratio, then resize (Keras {@code crop_to_aspect_ratio}). */
    CENTER;

    /** The config spelling: {@code none} or {@code center}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the config spelling. */
    public static CropMode fromId(String id) {
        for (CropMode m : values()) {
            if (m.id().equalsIgnoreCase(id.trim())) {
                return m;
            }
        }
        throw new TlConfigException("unknown crop mode '" + id + "'; allowed: "
                + Arrays.stream(values()).map(CropMode::id).toList());
    }
}
