package org.tl4j.core.train;

import org.apiguardian.api.API;

/**
 * Follows a run as it goes: phases, each batch of a long task ({@link #progress}: images through the base, batches of
 * an epoch, images predicted), each epoch's metrics, notices. Implement the methods you need (each has an empty
 * default) and pass it to {@code TransferLearning.builder().optListener(…)}; the {@code tl} command line's progress
 * bars and {@code --json-log} are one implementation of it. Called on the thread that runs the work, often, so
 * keep the methods quick.
 *
 * <pre>{@code
 * TrainingListener listener = new TrainingListener() {
 *     public void epochDone(EpochMetrics m) {
 *         log.info("epoch {}: val_accuracy {}", m.epoch(), m.valAccuracy());
 *     }
 * };
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {
    };

    /** A training phase starts ({@code feature-extraction} or {@code fine-tune}), running {@code epochs} epochs. */
    default void phaseStarted(String phase, int epochs) {
    }

    /**
     * A long task moved on by a batch: images through the base ({@code features}), an epoch's batches
     * ({@code epoch 3/10}, in {@code batches}), images predicted ({@code predict}). The first call of a task may
     * report 0 done.
     */
    default void progress(Progress progress) {
    }

    /** A task is finished (its bar can be closed). */
    default void taskDone(String task) {
    }

    /** An epoch ended. */
    default void epochDone(EpochMetrics metrics) {
    }

    /** A one-line notice for the user (cache hits, early stopping, resumption). */
    default void info(String message) {
    }

    /** Both listeners, this one first. */
    default TrainingListener andThen(TrainingListener other) {
        TrainingListener self = this;
        return new TrainingListener() {
            @Override
            public void phaseStarted(String phase, int epochs) {
                self.phaseStarted(phase, epochs);
                other.phaseStarted(phase, epochs);
            }

            @Override
            public void progress(Progress progress) {
                self.progress(progress);
                other.progress(progress);
            }

            @Override
            public void taskDone(String task) {
                self.taskDone(task);
                other.taskDone(task);
            }

            @Override
            public void epochDone(EpochMetrics metrics) {
                self.epochDone(metrics);
                other.epochDone(metrics);
            }

            @Override
            public void info(String message) {
                self.info(message);
                other.info(message);
            }
        };
    }
}
