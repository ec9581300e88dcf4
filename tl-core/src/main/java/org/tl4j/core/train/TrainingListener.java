package org.tl4j.core.train;

/** Receives a run's progress; every method has an empty default. Called on the training thread. */
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {
    };

    /** A training phase starts ({@code feature-extraction} or {@code fine-tune}), running {@code epochs} epochs. */
    default void phaseStarted(String phase, int epochs) {
    }

    /** A long task moved on. */
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
