package org.tl4j.core.train;

import com.typesafe.config.Config;
import java.util.Set;
import org.tl4j.spi.Capability;
import org.tl4j.spi.Provider;

/**
 * A training strategy ({@code feature-extraction}, {@code fine-tune}, {@code two-phase}): owns the epoch loop,
 * metrics, early stopping, checkpoints and listeners. Trainers are backend-neutral: they drive a
 * {@link org.tl4j.spi.Backend} only through {@link org.tl4j.spi.BackendEngine} and {@link org.tl4j.spi.CompiledModel}.
 */
public interface Trainer extends Provider {

    /** The backend capabilities this trainer needs with these options; checked before any work starts. */
    Set<Capability> requiredCapabilities(Config trainerOptions);

    /** Runs training. */
    TrainingResult train(TrainingContext context);
}
