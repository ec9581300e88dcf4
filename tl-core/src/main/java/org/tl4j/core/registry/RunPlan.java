package org.tl4j.core.registry;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.Problems;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.train.Trainer;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BatchNormMode;
import org.tl4j.spi.Capability;
import org.tl4j.spi.Device;
import org.tl4j.spi.Freezer;
import org.tl4j.spi.Head;

/**
 * The providers a run will use, resolved from its config and checked before any work starts: every id exists, the
 * provider options are ones the providers declare ({@link ProviderOptions}), and the backend has every capability
 * the run needs (a fine-tuning run on a backend that cannot train a backbone fails here, naming the capability and
 * the backends that have it).
 */
public record RunPlan(RunConfig config, Backbone backbone, Head head, Freezer freezer, Trainer trainer,
        Backend backend) {

    /** Resolves and checks; throws a {@link TlConfigException} naming every problem. */
    public static RunPlan of(Registry registry, RunConfig config) {
        Problems problems = new Problems();
        Backbone backbone = find(registry, Backbone.class, config.backbone().id(), "tl4j.backbone.id", config,
                problems);
        Head head = find(registry, Head.class, config.head().id(), "tl4j.head.id", config, problems);
        Freezer freezer = find(registry, Freezer.class, config.freezer().id(), "tl4j.freezer.id", config, problems);
        Trainer trainer = find(registry, Trainer.class, config.trainer().id(), "tl4j.trainer.id", config, problems);
        Backend backend = find(registry, Backend.class, config.backend().id(), "tl4j.backend.id", config, problems);
        ProviderOptions.check(config, backbone, backend, problems);
        problems.throwIfAny();
        RunPlan plan = new RunPlan(config, backbone, head, freezer, trainer, backend);
        plan.checkCapabilities(registry);
        return plan;
    }

    /** The capabilities this run needs from its backend. */
    public Set<Capability> requiredCapabilities() {
        Set<Capability> need = EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD);
        need.addAll(trainer.requiredCapabilities(config.trainer().options()));
        need.addAll(backbone.requiredCapabilities());
        if (!freezer.id().equals("all") && !trainer.id().equals("feature-extraction")) {
            need.add(Capability.TRAIN_BACKBONE);
            if (config.trainer().batchNorm() == BatchNormMode.TRAIN) {
                need.add(Capability.TRAIN_BATCHNORM);
            }
        }
        if (config.backend().device() == Device.GPU) {
            need.add(Capability.GPU);
        }
        return need;
    }

    private void checkCapabilities(Registry registry) {
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        missing.addAll(requiredCapabilities());
        missing.removeAll(backend.capabilities());
        if (missing.isEmpty()) {
            return;
        }
        Problems problems = new Problems();
        for (Capability c : missing) {
            List<String> have = registry.backendsWith(c);
            problems.add(origin(config, "backend.id"), "backend `" + backend.id() + "` cannot " + describe(c)
                    + " (capability " + c + "), which trainer `" + trainer.id() + "` with freezer `" + freezer.id()
                    + "` needs" + (backbone.requiredCapabilities().contains(c)
                            ? " (backbone `" + backbone.id() + "` needs it)" : "")
                    + (have.isEmpty() ? "; no installed backend can"
                    : "; use tl4j.backend.id = " + String.join(" or ", have)));
        }
        problems.throwIfAny();
    }

    private static String describe(Capability c) {
        return switch (c) {
            case TRAIN_BACKBONE -> "train backbone layers";
            case TRAIN_BATCHNORM -> "train BatchNorm on batch statistics (tl4j.trainer.batchnorm = train)";
            case TRAIN_HEAD -> "train a head";
            case GPU -> "run on a GPU";
            case INFERENCE -> "run inference";
            case EXTERNAL_ONNX -> "run ONNX sub-networks";
            case EXPORT_SAVEDMODEL -> "export a SavedModel";
            case EXPORT_ONNX -> "export ONNX";
        };
    }

    private static <T extends org.tl4j.spi.Provider> T find(Registry registry, Class<T> type, String id, String key,
            RunConfig config, Problems problems) {
        try {
            return registry.get(type, id);
        } catch (TlConfigException e) {
            problems.add(origin(config, key.substring("tl4j.".length())), key + ": " + e.getMessage());
            return null;
        }
    }

    private static com.typesafe.config.ConfigOrigin origin(RunConfig config, String path) {
        var t = config.source().getConfig("tl4j");
        return t.hasPath(path) ? t.getValue(path).origin() : null;
    }
}
