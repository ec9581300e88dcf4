package org.tl4j.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.tl4j.api.BackendException;
import org.tl4j.api.TlConfigException;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Capability;
import org.tl4j.spi.Device;

final class TensorFlowBackendTests {

    @Test
    void isFoundByServiceLoaderWithItsCapabilities() {
        Backend tf = ServiceLoader.load(Backend.class).stream().map(ServiceLoader.Provider::get)
                .filter(b -> b.id().equals(TensorFlowBackend.ID)).findFirst().orElseThrow();
        assertThat(tf.capabilities()).containsExactlyInAnyOrder(Capability.INFERENCE, Capability.TRAIN_HEAD,
                Capability.TRAIN_BACKBONE, Capability.TRAIN_BATCHNORM, Capability.GPU, Capability.EXPORT_SAVEDMODEL);
        assertThat(tf.engineVersion()).isEqualTo("TensorFlow Java 1.1.0");
        assertThat(tf.description()).isNotBlank();
    }

    /** The provider is cheap: nothing in its signature or fields needs a TensorFlow class. */
    @Test
    void providerMentionsNoTensorFlowType() {
        for (Field f : TensorFlowBackend.class.getDeclaredFields()) {
            assertThat(f.getType().getName()).doesNotStartWith("org.tensorflow");
        }
        for (Method m : TensorFlowBackend.class.getDeclaredMethods()) {
            assertThat(m.getReturnType().getName()).doesNotStartWith("org.tensorflow");
        }
    }

    @Test
    void autoFallsBackToTheCpuWhenNoGpuIsVisible() {
        try (BackendEngine e = open(Device.AUTO)) {
            assertThat(e.devices()).startsWith("cpu:0");
            assertThat(e.device()).isEqualTo(e.devices().contains("gpu:0") ? "gpu" : "cpu");
        }
    }

    @Test
    void cpuIsAlwaysThere() {
        try (BackendEngine e = open(Device.CPU)) {
            assertThat(e.device()).isEqualTo("cpu");
        }
    }

    @Test
    void gpuWithoutAGpuIsAClearError() {
        boolean hasGpu;
        try (BackendEngine e = open(Device.AUTO)) {
            hasGpu = e.devices().contains("gpu:0");
        }
        if (hasGpu) {
            try (BackendEngine e = open(Device.GPU)) {
                assertThat(e.device()).isEqualTo("gpu");
            }
            return;
        }
        assertThatThrownBy(() -> open(Device.GPU))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("backend.device = gpu, but TensorFlow")
                .hasMessageContaining("sees no GPU")
                .hasMessageContaining("-Pgpu")
                .hasMessageContaining("backend.device = auto");
    }

    @Test
    void readsItsOptionsAndRejectsOthers() {
        try (BackendEngine e = open(Device.CPU, "options { inter-op-threads = 2 }")) {
            assertThat(e.device()).isEqualTo("cpu");
        }
        assertThatThrownBy(() -> open(Device.CPU, "options { intra-threads = 2 }"))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("tl4j.backend.options.intra-threads is not a tensorflow backend option")
                .hasMessageContaining("allowed: [inter-op-threads]");
        assertThatThrownBy(() -> open(Device.CPU, "options { inter-op-threads = many }"))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("inter-op-threads = \"many\"")
                .hasMessageContaining("must be a whole number >= 1");
    }

    private static BackendEngine open(Device device, String backendConfig) {
        return new TensorFlowBackend().open(new BackendOptions(device, 0, 1,
                ConfigFactory.parseString(backendConfig)));
    }

    private static BackendEngine open(Device device) {
        return new TensorFlowBackend().open(new BackendOptions(device, 0, 1, ConfigFactory.empty()));
    }
}
