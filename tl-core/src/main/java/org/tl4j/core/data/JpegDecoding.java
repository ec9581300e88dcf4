package org.tl4j.core.data;

import java.util.Arrays;
import java.util.Locale;
import org.tl4j.api.TlConfigException;

/** Which JPEG decoder gives the pixels ({@code data.jpeg-decoder}). */
public enum JpegDecoding {
    /**
     * The pixels TensorFlow's {@code tf.io.decode_image} gives, bit for bit (libjpeg-turbo's fast integer IDCT and
     * fancy upsampling, in Java: {@link JpegDecoder}), so features match Keras's {@code image_dataset_from_directory}.
     */
    TENSORFLOW,
    /** ImageIO's reader: libjpeg 6b with the accurate integer IDCT (about 1 level from TensorFlow on average). */
    ACCURATE;

    /** The config spelling: {@code tensorflow} or {@code accurate}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the config spelling. */
    public static JpegDecoding fromId(String id) {
        for (JpegDecoding d : values()) {
            if (d.id().equalsIgnoreCase(id.trim())) {
                return d;
            }
        }
        throw new TlConfigException("unknown JPEG decoder '" + id + "'; allowed: "
                + Arrays.stream(values()).map(JpegDecoding::id).toList());
    }
}
