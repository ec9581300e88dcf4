package org.tl4j.backend.djl;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.tl4j.api.BackendException;
import org.tl4j.backend.djl.engine.DjlEngine;
import org.tl4j.backend.djl.engine.EngineSettings;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Capability;

/**
 * The {@code djl} backend: compiles layer graphs to ONNX and runs them in ONNX Runtime through DJL, on the CPU or
 * (built with the {@code gpu} Maven profile) a CUDA GPU; trains dense heads on the JVM, since DJL's ONNX Runtime
 * engine cannot train; runs third-party ONNX backbones; exports one ONNX file of a trained model. It cannot fine-tune
 * a backbone ({@link Capability#TRAIN_BACKBONE}): the {@code tensorflow} backend can.
 *
 * <p>This provider is cheap: no DJL or ONNX Runtime class is loaded until {@link #open}.
 */
@AutoService(Backend.class)
public final class DjlBackend implements Backend {
    /** The config id. */
    public static final String ID = "djl";

    private static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD,
            Capability.GPU, Capability.EXTERNAL_ONNX, Capability.EXPORT_ONNX);

    /** Creates the provider; cheap. */
    public DjlBackend() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "ONNX Runtime via DJL: inference, GPU, ONNX backbones and export; trains heads on the JVM; "
                + "cannot fine-tune the backbone (use tensorflow)";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.copyOf(CAPABILITIES);
    }

    /** {@code batch-size} and {@code optimization} ({@link EngineSettings}). */
    @Override
    public Set<String> optionKeys() {
        return EngineSettings.KEYS;
    }

    /** For example {@code ONNX Runtime 1.21.1 via DJL 0.36.0}, read from this jar without loading either. */
    @Override
    public String engineVersion() {
        Properties p = new Properties();
        try (InputStream in = DjlBackend.class.getResourceAsStream("djl-backend.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the versions are informative only
        }
        return "ONNX Runtime " + p.getProperty("onnxruntime.version", "?") + " via DJL "
                + p.getProperty("djl.version", "?");
    }

    /**
     * Loads DJL's ONNX Runtime engine and resolves the device.
     *
     * @throws BackendException when the natives cannot be loaded, or {@code device = gpu} and ONNX Runtime has no
     *                          usable CUDA provider
     */
    @Override
    public BackendEngine open(BackendOptions options) {
        try {
            return DjlEngine.open(options);
        } catch (LinkageError e) {
            throw new BackendException("DJL could not load ONNX Runtime (" + e + "). The djl backend needs "
                    + "ai.djl.onnxruntime:onnxruntime-engine and com.microsoft.onnxruntime:onnxruntime (or "
                    + "onnxruntime_gpu, built with -Pgpu) on the class or module path, on a 64-bit OS ONNX Runtime "
                    + "supports; `tl doctor` shows what was found. Or use backend.id = tensorflow", e);
        }
    }
}
