package org.tl4j.core.train;

import org.apiguardian.api.API;
import org.tl4j.api.config.Monitor;

/**
 * What one epoch measured. Validation values are NaN when there is no validation set; training accuracy is NaN
 * where it is not measured (fine-tuning, to avoid a second forward pass).
 *
 * @param epoch          1-based, counted over all phases
 * @param phase          {@code feature-extraction} or {@code fine-tune}
 * @param learningRate   the rate used during the epoch
 * @param loss           mean training loss over the epoch's steps (with dropout, weighted by batch size)
 * @param accuracy       training accuracy in inference mode, measured before each step
 * @param valLoss        validation loss
 * @param valAccuracy    validation accuracy
 * @param valTopK        validation top-k accuracy
 * @param seconds        wall time of the epoch
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record EpochMetrics(int epoch, String phase, double learningRate, double loss, double accuracy,
        double valLoss, double valAccuracy, double valTopK, double seconds) {

    /** The value of a monitor: {@code loss}, {@code accuracy}, {@code val_loss} or {@code val_accuracy}. */
    public double monitored(Monitor monitor) {
        return switch (monitor) {
            case LOSS -> loss;
            case ACCURACY -> accuracy;
            case VAL_LOSS -> valLoss;
            case VAL_ACCURACY -> valAccuracy;
            case NONE -> throw new IllegalArgumentException("no value is monitored");
        };
    }
}
