package org.tl4j.core.train;

import org.apiguardian.api.API;

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
    public double monitored(String monitor) {
        return switch (monitor) {
            case "loss" -> loss;
            case "accuracy" -> accuracy;
            case "val_loss" -> valLoss;
            case "val_accuracy" -> valAccuracy;
            default -> throw new IllegalArgumentException("unknown monitor " + monitor);
        };
    }

    /** Whether a larger value of the monitor is better. */
    public static boolean maximised(String monitor) {
        return monitor.endsWith("accuracy");
    }
}
