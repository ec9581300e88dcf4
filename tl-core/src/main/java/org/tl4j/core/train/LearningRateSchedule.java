package org.tl4j.core.train;

import org.tl4j.api.config.Monitor;
import org.tl4j.api.config.ScheduleKind;

/**
 * The learning rate of each epoch: constant, step decay, cosine decay over the phase, or Keras's
 * {@code ReduceLROnPlateau}. The plateau state (current rate, best value, wait) is kept for checkpoints.
 */
final class LearningRateSchedule {
    private final TrainingSettings.Schedule schedule;
    private final double base;
    private final int epochs;
    private final Monitor monitor;
    private double current;
    private double best = Double.NaN;
    private int wait;

    /**
     * @param monitor the value reduce-on-plateau watches (the early-stopping monitor, or val_loss / loss)
     */
    LearningRateSchedule(TrainingSettings.Schedule schedule, double base, int epochs, Monitor monitor) {
        this.schedule = schedule;
        this.base = base;
        this.epochs = epochs;
        this.monitor = monitor;
        this.current = base;
    }

    /** The rate for a 0-based epoch of the phase. */
    double rate(int epochInPhase) {
        return switch (schedule.kind()) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(schedule.factor(), epochInPhase / schedule.stepEpochs());
            case COSINE -> schedule.minLearningRate() + (base - schedule.minLearningRate()) * 0.5
                    * (1 + Math.cos(Math.PI * epochInPhase / epochs));
            case REDUCE_ON_PLATEAU -> current;
        };
    }

    /** Records an epoch's metrics (reduce-on-plateau only). */
    void epochEnded(EpochMetrics m) {
        if (schedule.kind() != ScheduleKind.REDUCE_ON_PLATEAU) {
            return;
        }
        double v = m.monitored(monitor);
        if (Double.isNaN(v)) {
            return;
        }
        if (Double.isNaN(best) || improves(v, best, monitor)) {
            best = v;
            wait = 0;
        } else if (++wait >= Math.max(1, schedule.patience())) {
            current = Math.max(current * schedule.factor(), schedule.minLearningRate());
            wait = 0;
        }
    }

    static boolean improves(double value, double best, Monitor monitor) {
        return monitor.maximised() ? value > best : value < best;
    }

    double[] state() {
        return new double[] {current, best, wait};
    }

    void restore(double[] state) {
        current = state[0];
        best = state[1];
        wait = (int) state[2];
    }
}
