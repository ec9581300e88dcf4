package org.tl4j.core.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tl4j.api.TlException;
import org.tl4j.api.config.CropMode;
import org.tl4j.api.config.IccProfiles;
import org.tl4j.api.config.JpegDecoding;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.spi.Preprocessing;

/**
 * The provenance and recipe of a model bundle ({@code model/manifest.json}): everything needed to rebuild the model
 * and to say exactly how it was made. The records mirror the JSON, section for section and key for key, in the order
 * written; a manifest read and written again gives the same bytes.
 *
 * @param format        {@value #FORMAT}
 * @param tl4jVersion   the tl4j that trained it
 * @param labels        class names, index = class
 * @param backbone      the base model and its weights
 * @param preprocessing how pixels are scaled for the backbone
 * @param crop          how images are fitted to the input size
 * @param jpegDecoder   the run's {@code data.jpeg-decoder}; written only when not {@code tensorflow}, and a manifest
 *                      without it (every bundle made before it was recorded) decodes as {@code tensorflow}
 * @param icc           the run's {@code data.icc}; written only when not {@code ignore}, likewise
 * @param pooled        whether the head's pooling runs in the feature graph
 * @param head          the head
 * @param trainer       the trainer id
 * @param backend       where it was trained
 * @param seed          the run seed
 * @param config        the resolved run config as HOCON with origins
 * @param bestEpoch     the epoch whose weights these are
 * @param stopReason    why training ended
 * @param weightsFile   the safetensors file beside the manifest
 * @param weightsSha256 its digest
 */
public record Manifest(String format, String tl4jVersion, List<String> labels, BackboneSection backbone,
        Preprocessing preprocessing, CropMode crop, JpegDecoding jpegDecoder, IccProfiles icc, boolean pooled,
        HeadSection head, String trainer, BackendSection backend, long seed, String config, int bestEpoch,
        String stopReason, String weightsFile, String weightsSha256) {

    /** The bundle format this code writes and reads. */
    public static final String FORMAT = "tl4j-model/1";

    /**
     * {@code backbone}: the base model.
     *
     * @param id          backbone provider id
     * @param height      input height
     * @param width       input width
     * @param alpha       width multiplier
     * @param options     the spec's options as HOCON
     * @param weights     the base weights setting ({@code imagenet}, a path, {@code none})
     * @param weightsHash the digest of the pretrained base weights
     */
    public record BackboneSection(String id, int height, int width, double alpha, String options, String weights,
            String weightsHash) {
        static BackboneSection from(Config c) {
            return new BackboneSection(c.getString("id"), c.getInt("height"), c.getInt("width"),
                    c.getDouble("alpha"), c.getString("options"), c.getString("weights"), c.getString("weightsHash"));
        }
    }

    /**
     * {@code head}: the classifier on top of the base.
     *
     * @param id      head provider id
     * @param options the head's options as HOCON
     * @param layers  the head graph, one line per layer (checked when the bundle is opened)
     */
    public record HeadSection(String id, String options, List<String> layers) {
        static HeadSection from(Config c) {
            return new HeadSection(c.getString("id"), c.getString("options"), c.getStringList("layers"));
        }
    }

    /**
     * {@code backend}: where the model was trained.
     *
     * @param id      backend provider id
     * @param version its engine and version
     * @param device  the device it ran on
     */
    public record BackendSection(String id, String version, String device) {
        static BackendSection from(Config c) {
            return new BackendSection(c.getString("id"), c.getString("version"), c.getString("device"));
        }
    }

    /** One line per layer: {@code name: KerasClass(inputs) → shape, params}. */
    public static List<String> describe(Graph g) {
        return g.nodes().stream().map(n -> describe(g, n)).toList();
    }

    private static String describe(Graph g, Node n) {
        return n.name() + ": " + n.kerasClass() + "(" + String.join(", ", n.inputs()) + ") -> " + g.shape(n.name())
                + ", " + g.paramCount(n) + " params";
    }

    /** This manifest naming another weights file and digest. */
    Manifest withWeightsFile(String file, String sha256) {
        return new Manifest(format, tl4jVersion, labels, backbone, preprocessing, crop, jpegDecoder, icc, pooled, head,
                trainer, backend, seed, config, bestEpoch, stopReason, file, sha256);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("tl4jVersion", tl4jVersion);
        m.put("labels", labels);
        m.put("backbone", JsonText.members(backbone));
        m.put("preprocessing", preprocessing.id());
        m.put("crop", crop.id());
        if (jpegDecoder != JpegDecoding.TENSORFLOW) {
            m.put("jpegDecoder", jpegDecoder.id());
        }
        if (icc != IccProfiles.IGNORE) {
            m.put("icc", icc.id());
        }
        m.put("pooled", pooled);
        m.put("head", JsonText.members(head));
        m.put("trainer", trainer);
        m.put("backend", JsonText.members(backend));
        m.put("seed", seed);
        m.put("config", config);
        m.put("bestEpoch", bestEpoch);
        m.put("stopReason", stopReason);
        m.put("weightsFile", weightsFile);
        m.put("weightsSha256", weightsSha256);
        return m;
    }

    static Manifest fromConfig(Config c, String source) {
        try {
            String format = c.getString("format");
            if (!format.equals(FORMAT)) {
                throw new TlException(source + " has format '" + format + "'; this tl4j reads " + FORMAT);
            }
            return new Manifest(format, c.getString("tl4jVersion"), c.getStringList("labels"),
                    BackboneSection.from(c.getConfig("backbone")),
                    constant(c, "preprocessing", Preprocessing.class, Preprocessing::id, null),
                    constant(c, "crop", CropMode.class, CropMode::id, null),
                    constant(c, "jpegDecoder", JpegDecoding.class, JpegDecoding::id, JpegDecoding.TENSORFLOW),
                    constant(c, "icc", IccProfiles.class, IccProfiles::id, IccProfiles.IGNORE), c.getBoolean("pooled"),
                    HeadSection.from(c.getConfig("head")), c.getString("trainer"),
                    BackendSection.from(c.getConfig("backend")), c.getLong("seed"), c.getString("config"),
                    c.getInt("bestEpoch"), c.getString("stopReason"), c.getString("weightsFile"),
                    c.getString("weightsSha256"));
        } catch (ConfigException e) {
            throw new TlException(source + " is not a valid tl4j model manifest: " + e.getMessage(), e);
        }
    }

    /** The constant a key names, or {@code absent} when the key is missing (null: the key is required). */
    private static <E extends Enum<E>> E constant(Config c, String key, Class<E> type, Function<E, String> id,
            E absent) {
        if (absent != null && !c.hasPath(key)) {
            return absent;
        }
        String value = c.getString(key);
        List<String> ids = Arrays.stream(type.getEnumConstants()).map(id).toList();
        return Arrays.stream(type.getEnumConstants()).filter(e -> id.apply(e).equals(value)).findFirst()
                .orElseThrow(() -> new ConfigException.BadValue(key, "'" + value + "' is not one of "
                        + String.join(", ", ids)));
    }
}
