package org.tl4j.api.config;

import java.util.Locale;
import org.apiguardian.api.API;

/** The value early stopping and reduce-on-plateau watch ({@code trainer.early-stopping.monitor}), as Keras names it. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Monitor {
    /** Nothing: no early stopping. */
    NONE,
    VAL_LOSS, VAL_ACCURACY, LOSS, ACCURACY;

    /** Keras's spelling: {@code none}, {@code val_loss}, {@code val_accuracy}, {@code loss}, {@code accuracy}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it is measured on the validation images. */
    public boolean onValidation() {
        return this == VAL_LOSS || this == VAL_ACCURACY;
    }

    /** Whether a larger value is better. */
    public boolean maximised() {
        return this == VAL_ACCURACY || this == ACCURACY;
    }
}
