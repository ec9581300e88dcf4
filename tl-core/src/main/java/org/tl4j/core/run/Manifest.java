package org.tl4j.core.run;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tl4j.api.TlException;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;

/**
 * The provenance and recipe of a model bundle ({@code model/manifest.json}): everything needed to rebuild the model
 * and to say exactly how it was made.
 *
 * @param format          {@value #FORMAT}
 * @param tl4jVersion     the tl4j that trained it
 * @param labels          class names, index = class
 * @param backboneId      backbone provider id
 * @param height          input height
 * @param width           input width
 * @param alpha           width multiplier
 * @param backboneOptions the spec's options as HOCON
 * @param weightsSource   the base weights setting ({@code imagenet}, a path, {@code none})
 * @param weightsHash     the digest of the pretrained base weights
 * @param preprocessing   preprocessing mode id
 * @param crop            crop mode id
 * @param pooled          whether the head's pooling runs in the feature graph
 * @param headId          head provider id
 * @param headOptions     the head's options as HOCON
 * @param headLayers      the head graph, one line per layer (checked when the bundle is opened)
 * @param trainerId       the trainer
 * @param backendId       backend provider id
 * @param backendVersion  its engine and version
 * @param device          the device it ran on
 * @param seed            the run seed
 * @param config          the resolved run config as HOCON with origins
 * @param bestEpoch       the epoch whose weights these are
 * @param stopReason      why training ended
 * @param weightsFile     the safetensors file beside the manifest
 * @param weightsSha256   its digest
 */
public record Manifest(String format, String tl4jVersion, List<String> labels, String backboneId, int height,
        int width, double alpha, String backboneOptions, String weightsSource, String weightsHash,
        String preprocessing, String crop, boolean pooled, String headId, String headOptions, List<String> headLayers,
        String trainerId, String backendId, String backendVersion, String device, long seed, String config,
        int bestEpoch, String stopReason, String weightsFile, String weightsSha256) {

    /** The bundle format this code writes and reads. */
    public static final String FORMAT = "tl4j-model/1";

    /** One line per layer: {@code name: KerasClass(inputs) → shape, params}. */
    public static List<String> describe(Graph g) {
        return g.nodes().stream().map(n -> describe(g, n)).toList();
    }

    private static String describe(Graph g, Node n) {
        return n.name() + ": " + n.kerasClass() + "(" + String.join(", ", n.inputs()) + ") -> " + g.shape(n.name())
                + ", " + g.paramCount(n) + " params";
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("tl4jVersion", tl4jVersion);
        m.put("labels", labels);
        Map<String, Object> backbone = new LinkedHashMap<>();
        backbone.put("id", backboneId);
        backbone.put("height", height);
        backbone.put("width", width);
        backbone.put("alpha", alpha);
        backbone.put("options", backboneOptions);
        backbone.put("weights", weightsSource);
        backbone.put("weightsHash", weightsHash);
        m.put("backbone", backbone);
        m.put("preprocessing", preprocessing);
        m.put("crop", crop);
        m.put("pooled", pooled);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("id", headId);
        head.put("options", headOptions);
        head.put("layers", headLayers);
        m.put("head", head);
        m.put("trainer", trainerId);
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("id", backendId);
        backend.put("version", backendVersion);
        backend.put("device", device);
        m.put("backend", backend);
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
                    c.getString("backbone.id"), c.getInt("backbone.height"), c.getInt("backbone.width"),
                    c.getDouble("backbone.alpha"), c.getString("backbone.options"), c.getString("backbone.weights"),
                    c.getString("backbone.weightsHash"), c.getString("preprocessing"), c.getString("crop"),
                    c.getBoolean("pooled"), c.getString("head.id"), c.getString("head.options"),
                    c.getStringList("head.layers"), c.getString("trainer"), c.getString("backend.id"),
                    c.getString("backend.version"), c.getString("backend.device"), c.getLong("seed"),
                    c.getString("config"), c.getInt("bestEpoch"), c.getString("stopReason"),
                    c.getString("weightsFile"), c.getString("weightsSha256"));
        } catch (com.typesafe.config.ConfigException e) {
            throw new TlException(source + " is not a valid tl4j model manifest: " + e.getMessage(), e);
        }
    }
}
