package org.tl4j.backend.tensorflow;

import com.google.auto.service.AutoService;
import java.util.EnumSet;
import java.util.Set;
import org.tl4j.api.BackendException;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Capability;

/**
 * The {@code tensorflow} backend: runs every layer graph on TensorFlow Java 1.1.0, trains heads and unfrozen
 * backbone layers, exports SavedModels, and runs on a GPU when built with the {@code gpu} Maven profile.
 *
 * <p>This provider is cheap: no TensorFlow class is loaded until {@link #open}.
 */
@AutoService(Backend.class)
public final class TensorFlowBackend implements Backend {
    /** The config id. */
    public static final String ID = "tensorflow";

    /** The TensorFlow Java release this backend is built against. */
    static final String TF_JAVA_VERSION = "1.1.0";

    private static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD,
            Capability.TRAIN_BACKBONE, Capability.TRAIN_BATCHNORM, Capability.GPU, Capability.EXPORT_SAVEDMODEL);

    /** Creates the provider; cheap. */
    public TensorFlowBackend() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "TensorFlow Java " + TF_JAVA_VERSION + ": inference, head training, fine-tuning, SavedModel export, GPU";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.copyOf(CAPABILITIES);
    }

    /** {@code inter-op-threads}, TensorFlow's inter-op thread pool. */
    @Override
    public Set<String> optionKeys() {
        return Set.of(TensorFlowEngine.INTER_OP);
    }

    @Override
    public String engineVersion() {
        return "TensorFlow Java " + TF_JAVA_VERSION;
    }

    /**
     * Loads TensorFlow's native library and resolves the device.
     *
     * @throws BackendException when the natives cannot be loaded, or {@code device = gpu} and no GPU is visible
     */
    @Override
    public BackendEngine open(BackendOptions options) {
        try {
            return TensorFlowEngine.open(options);
        } catch (LinkageError e) {
            throw new BackendException("TensorFlow Java " + TF_JAVA_VERSION + " could not load its native library ("
                    + e + "). It needs org.tensorflow:tensorflow-core-native with the classifier linux-x86_64 (or "
                    + "linux-x86_64-gpu, built with -Pgpu) on the class or module path, on 64-bit Linux with glibc; "
                    + "`tl doctor` shows what was found. Or use backend.id = djl", e);
        }
    }
}
