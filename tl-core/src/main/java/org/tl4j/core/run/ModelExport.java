package org.tl4j.core.run;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.Graph;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.train.ModelParts;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Capability;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;
import org.tl4j.spi.ExportFormat;
import org.tl4j.spi.Head;

/**
 * Exports a model bundle as one deployable artefact — a TensorFlow SavedModel or a single ONNX file — that takes RGB
 * floats in [0, 255] and returns class probabilities, with preprocessing, base and head inside.
 */
public final class ModelExport {
    private ModelExport() {
    }

    /** The backend that can write {@code format}: {@code tensorflow} for SavedModel, {@code djl} for ONNX. */
    public static Capability capability(ExportFormat format) {
        return format == ExportFormat.SAVEDMODEL ? Capability.EXPORT_SAVEDMODEL : Capability.EXPORT_ONNX;
    }

    /**
     * Writes the bundle in {@code bundleDir} to {@code target} in {@code format}, compiled on the first backend that
     * declares the export capability (or {@code backendId} when given).
     */
    public static Path export(Path bundleDir, ExportFormat format, Path target, Registry registry, String backendId) {
        ModelBundle bundle = ModelBundle.read(bundleDir);
        Manifest m = bundle.manifest();
        Capability needed = capability(format);
        List<String> able = registry.backendsWith(needed);
        String name = format.name().toLowerCase(java.util.Locale.ROOT);
        if (backendId == null && able.isEmpty()) {
            throw new TlConfigException("no installed backend can export " + name + " (capability " + needed + ")");
        }
        Backend backend = registry.get(Backend.class, backendId != null ? backendId : able.get(0));
        if (!able.contains(backend.id())) {
            throw new TlConfigException("backend `" + backend.id() + "` cannot export " + format + " (capability "
                    + needed + "); " + (able.isEmpty() ? "no installed backend can" : "use --backend " + able.get(0)));
        }
        Backbone backbone = registry.get(Backbone.class, m.backbone().id());
        Head head = registry.get(Head.class, m.head().id());
        ModelParts parts = new ModelParts(backbone, bundle.backboneSpec(), backbone.graph(bundle.backboneSpec()),
                bundle.weights(), m.backbone().weightsHash(), m.backbone().weights(), head,
                ConfigFactory.parseString(m.head().options()),
                null, null);
        Graph full = parts.fullGraph(m.labels().size());
        try (BackendEngine engine = backend.open(new BackendOptions(Device.CPU, 0, m.seed(), ConfigFactory.empty()));
                CompiledModel model = engine.compile(full, bundle.weights(), Set.of(), null)) {
            model.export(target, format, m.preprocessing(), m.labels());
        }
        return target;
    }
}
