package org.tl4j.api.config;

import java.util.Locale;
import org.apiguardian.api.API;

/** Which JPEG decoder gives the pixels ({@code data.jpeg-decoder}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum JpegDecoding {
    /**
     * The pixels TensorFlow's {@code tf.io.decode_image} gives, bit for bit (libjpeg-turbo's fast integer IDCT and
     * fancy upsampling, in Java: tl4j's own {@code JpegDecoder}), so features match Keras's
     * {@code image_dataset_from_directory}.
     */
    TENSORFLOW,
    /** ImageIO's reader: libjpeg 6b with the accurate integer IDCT (about 1 level from TensorFlow on average). */
    ACCURATE;

    /** The config spelling: {@code tensorflow} or {@code accurate}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
