package org.tl4j.api.config;

import java.util.Locale;
import org.apiguardian.api.API;

/** How an image whose aspect ratio differs from the model input's is fitted ({@code data.crop}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum CropMode {
    /** Stretch the whole image to the input size (Keras's default). */
    NONE,
    /** Crop the largest centred box of the input's aspect ratio, then resize (Keras {@code crop_to_aspect_ratio}). */
    CENTER;

    /** The config spelling: {@code none} or {@code center}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
