package org.tl4j.spi;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * How the trainable BatchNorm layers of a base behave in training steps ({@code tl4j.trainer.batchnorm}).
 * Frozen BatchNorm layers, forward passes, losses and exports always use the moving statistics.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum BatchNormMode {
    /**
     * Moving statistics in training steps too, as Keras with {@code training=False}: the documented recipe for
     * fine-tuning a pretrained base, whose statistics should not drift on a small dataset. γ and β still train.
     */
    INFERENCE,
    /**
     * Batch statistics in training steps, as Keras with {@code training=True}: each step normalises with the batch's
     * mean and variance over N, H, W (gradients flow through them) and moves the moving statistics toward them with
     * the layer's momentum. Needed to train a base from scratch ({@code weights = none}).
     */
    TRAIN;

    /** The config spelling: {@code inference} or {@code train}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
