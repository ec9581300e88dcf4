package org.tl4j.backend.tensorflow;

import com.typesafe.config.ConfigFactory;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Device;

/** One CPU engine for the tests of this module (two threads: the CI machine has two cores). */
final class TestEngines {
    static final long SEED = 7;

    private TestEngines() {
    }

    static BackendEngine cpu() {
        return cpu(SEED);
    }

    static BackendEngine cpu(long seed) {
        return new TensorFlowBackend().open(new BackendOptions(Device.CPU, 2, seed, ConfigFactory.empty()));
    }
}
