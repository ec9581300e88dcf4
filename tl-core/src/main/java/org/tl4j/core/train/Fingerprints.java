package org.tl4j.core.train;

import com.typesafe.config.ConfigRenderOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.BackboneSpec;

/** Stable digests of weights and specs, for cache keys and provenance. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** SHA-256 over every weight's name, shape and little-endian float32 values, in order. */
    public static String weights(Weights weights) {
        MessageDigest md = sha256();
        for (Map.Entry<String, Tensor> e : weights.asMap().entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            Tensor t = e.getValue();
            ByteBuffer b = ByteBuffer.allocate(4 * (t.rank() + 1)).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(t.rank());
            for (int d : t.shape()) {
                b.putInt(d);
            }
            md.update(b.array());
            ByteBuffer data = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
            data.asFloatBuffer().put(t.data());
            md.update(data.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A canonical form of a spec: size, alpha and options. */
    public static String spec(BackboneSpec spec) {
        return String.format(Locale.ROOT, "%dx%d alpha=%s options=%s", spec.height(), spec.width(), spec.alpha(),
                spec.options().root().render(ConfigRenderOptions.concise()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
