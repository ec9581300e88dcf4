package org.tl4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tl4j.api.config.Monitor;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.CompiledModel;

/**
 * The epoch loop every trainer shares: learning-rate schedule, training steps, validation, early stopping, best
 * weights, an atomic checkpoint per epoch, resumption and the NaN guard.
 */
final class EpochLoop {

    /** One phase's model and data, supplied by a trainer. */
    interface Phase {
        /** {@code feature-extraction} or {@code fine-tune}. */
        String name();

        int epochs();

        /** The training model (compiled with an optimizer). */
        CompiledModel model();

        /** The layers whose weights train (and are checkpointed). */
        Set<String> trainableLayers();

        /** One epoch of steps; throws {@link NonFiniteLoss} when a loss is NaN or infinite. */
        EpochStats trainEpoch(int globalEpoch, int epochInPhase);

        /** Validation metrics of the current model, or null without validation data. */
        Evaluation validate();
    }

    /** Mean loss and (where measured) accuracy of an epoch's steps. */
    record EpochStats(double loss, double accuracy) {
    }

    /** Thrown by a phase when a step's loss is not finite. */
    static final class NonFiniteLoss extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NonFiniteLoss(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * How a phase ended.
     *
     * @param weights   the trainable layers' final weights (best or last good)
     * @param bestEpoch the epoch they come from
     * @param reason    why it ended
     * @param message   a sentence about it
     */
    record Outcome(Weights weights, int bestEpoch, TrainingResult.StopReason reason, String message) {
    }

    private final TrainingContext ctx;
    private final List<EpochMetrics> history;

    /** A loop that continues the history of {@code resume}, or starts empty when it is null. */
    static EpochLoop resuming(TrainingContext ctx, Checkpoints.Checkpoint resume) {
        return new EpochLoop(ctx, resume == null ? new java.util.ArrayList<>() : copy(resume.state().history()));
    }

    EpochLoop(TrainingContext ctx, List<EpochMetrics> history) {
        this.ctx = ctx;
        this.history = history;
    }

    List<EpochMetrics> history() {
        return history;
    }

    /**
     * Runs a phase whose first epoch is global epoch {@code offset + 1}, continuing from {@code resume} when it is a
     * checkpoint of this phase (its weights are already compiled into the model).
     */
    Outcome run(Phase phase, int offset, double baseRate, Checkpoints.Checkpoint resume) {
        TrainingSettings s = ctx.settings();
        TrainingSettings.EarlyStopping es = s.earlyStopping();
        Monitor planMonitor = es.enabled() ? es.monitor()
                : ctx.data().validation().size() > 0 ? Monitor.VAL_LOSS : Monitor.LOSS;
        LearningRateSchedule schedule = new LearningRateSchedule(s.schedule(), baseRate, phase.epochs(), planMonitor);
        CompiledModel model = phase.model();
        int start = 0;
        int bestEpoch = offset;
        double bestValue = Double.NaN;
        int wait = 0;
        boolean done = false;
        Weights lastGood = trainable(model, phase);
        Weights best = lastGood;
        if (resume != null) {
            CheckpointState st = resume.state();
            start = st.epochInPhase();
            done = st.phaseDone();
            schedule.restore(st.schedule());
            bestEpoch = st.bestEpoch();
            bestValue = st.bestValue();
            wait = st.patienceUsed();
            model.loadOptimizerState(resume.optimizer());
            lastGood = resume.weights();
            best = resume.best();
            ctx.listener().info("resuming " + phase.name() + " after epoch " + st.epoch());
        }
        ctx.listener().phaseStarted(phase.name(), phase.epochs());
        TrainingResult.StopReason reason = TrainingResult.StopReason.COMPLETED;
        String message = phase.name() + ": " + phase.epochs() + " epochs completed";
        for (int e = start; e < phase.epochs() && !done; e++) {
            int global = offset + e + 1;
            long t0 = System.nanoTime();
            double lr = schedule.rate(e);
            model.setLearningRate(lr);
            EpochStats stats;
            try {
                stats = phase.trainEpoch(global, e);
            } catch (NonFiniteLoss nan) {
                reason = TrainingResult.StopReason.NON_FINITE_LOSS;
                message = nan.getMessage() + "; training stopped, keeping the weights of epoch " + (global - 1)
                        + (global - 1 > 0 ? " (its checkpoint is intact)" : "") + "; try a lower learning rate"
                        + " (it was " + lr + ")";
                ctx.listener().info(message);
                break;
            }
            Evaluation val = phase.validate();
            EpochMetrics m = new EpochMetrics(global, phase.name(), lr, stats.loss(), stats.accuracy(),
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                    val == null ? Double.NaN : val.topKAccuracy(), (System.nanoTime() - t0) / 1e9);
            history.add(m);
            schedule.epochEnded(m);
            Weights current = trainable(model, phase);
            boolean stop = false;
            if (es.enabled()) {
                double v = m.monitored(es.monitor());
                if (Double.isNaN(bestValue) || LearningRateSchedule.improves(v, bestValue, es.monitor())) {
                    bestValue = v;
                    bestEpoch = global;
                    best = current;
                    wait = 0;
                } else if (++wait >= es.patience()) {
                    stop = true;
                }
            } else {
                best = current;
                bestEpoch = global;
            }
            lastGood = current;
            done = stop || e == phase.epochs() - 1;
            ctx.listener().epochDone(m);
            if (ctx.checkpoints() != null) {
                ctx.checkpoints().save(new CheckpointState(global, phase.name(), e + 1, done, List.copyOf(history),
                        schedule.state(), bestEpoch, bestValue, wait), current, model.optimizerState(), best);
            }
            if (stop) {
                reason = TrainingResult.StopReason.EARLY_STOPPED;
                message = phase.name() + ": early stopping after epoch " + global + " (" + es.monitor().id()
                        + " did not improve for " + es.patience() + " epochs; best epoch " + bestEpoch + ")";
                ctx.listener().info(message);
            }
        }
        boolean restore = es.enabled() && es.restoreBest();
        return restore ? new Outcome(best, bestEpoch, reason, message)
                : new Outcome(lastGood, lastEpoch(offset), reason, message);
    }

    private int lastEpoch(int offset) {
        return history.isEmpty() ? offset : Math.max(offset, history.get(history.size() - 1).epoch());
    }

    private static Weights trainable(CompiledModel model, Phase phase) {
        return model.weights().forLayers(phase.trainableLayers());
    }

    /** The names of a graph's layers. */
    static Set<String> layers(org.tl4j.api.graph.Graph g) {
        Set<String> out = new java.util.LinkedHashSet<>();
        g.nodes().forEach(n -> out.add(n.name()));
        return out;
    }

    /** Copies into a fresh list (resumed histories). */
    static List<EpochMetrics> copy(List<EpochMetrics> h) {
        return new ArrayList<>(h);
    }
}
