package org.tl4j.core.train;

import org.tl4j.api.config.Monitor;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.config.ScheduleKind;
import org.tl4j.spi.BatchNormMode;
import org.tl4j.spi.CompileOptions;
import org.tl4j.spi.OptimizerSpec;

/**
 * How a trainer trains ({@code tl4j.trainer} and {@code tl4j.seed}).
 *
 * @param epochs        epochs of the (first) phase
 * @param optimizer     the optimizer of the (first) phase, with its L2 factor
 * @param schedule      the learning-rate schedule
 * @param earlyStopping when to stop early
 * @param fineTune      the second phase of {@code two-phase}
 * @param topK          the k of top-k accuracy
 * @param seed          the run seed
 * @param batchNorm     how trainable BatchNorm layers of the base run in training steps
 */
public record TrainingSettings(int epochs, OptimizerSpec optimizer, Schedule schedule, EarlyStopping earlyStopping,
        FineTune fineTune, int topK, long seed, BatchNormMode batchNorm) {

    /** Settings with BatchNorm in inference mode ({@link BatchNormMode#INFERENCE}, the default). */
    public TrainingSettings(int epochs, OptimizerSpec optimizer, Schedule schedule, EarlyStopping earlyStopping,
            FineTune fineTune, int topK, long seed) {
        this(epochs, optimizer, schedule, earlyStopping, fineTune, topK, seed, BatchNormMode.INFERENCE);
    }

    /** The backend compile options of a phase that trains base layers. */
    public CompileOptions compileOptions() {
        return CompileOptions.DEFAULTS.withBatchNorm(batchNorm);
    }

    /**
     * A learning-rate schedule.
     *
     * @param kind           constant, step, cosine or reduce-on-plateau
     * @param factor         step and plateau: the multiplier
     * @param stepEpochs     step: epochs between multiplications
     * @param patience       plateau: epochs without improvement before reducing
     * @param minLearningRate the floor for cosine and plateau
     */
    public record Schedule(ScheduleKind kind, double factor, int stepEpochs, int patience, double minLearningRate) {
        /** A constant learning rate. */
        public static Schedule constant() {
            return new Schedule(ScheduleKind.CONSTANT, 0.1, 10, 2, 0);
        }
    }

    /**
     * Early stopping, as Keras's {@code EarlyStopping} callback.
     *
     * @param monitor     {@code none}, {@code loss}, {@code accuracy}, {@code val_loss} or {@code val_accuracy}
     * @param patience    epochs without improvement before stopping
     * @param restoreBest whether the model ends with the weights of the best epoch
     */
    public record EarlyStopping(Monitor monitor, int patience, boolean restoreBest) {
        /** No early stopping; the last epoch's weights are kept. */
        public static EarlyStopping none() {
            return new EarlyStopping(Monitor.NONE, 0, false);
        }

        public boolean enabled() {
            return monitor != Monitor.NONE;
        }
    }

    /**
     * The fine-tuning phase of {@code two-phase}.
     *
     * @param epochs    its epochs
     * @param fromLayer the first trainable base layer (name or index); null to use the configured freezer
     * @param optimizer its optimizer (the tutorial uses RMSprop at a tenth of the rate or less)
     */
    public record FineTune(int epochs, String fromLayer, OptimizerSpec optimizer) {
    }

    /** Settings from a parsed run config. */
    public static TrainingSettings from(RunConfig config) {
        RunConfig.TrainerConfig t = config.trainer();
        RunConfig.ScheduleConfig s = t.schedule();
        RunConfig.EarlyStoppingConfig e = t.earlyStopping();
        RunConfig.FineTuneConfig f = t.fineTune();
        return new TrainingSettings(t.epochs(), optimizer(t.optimizer(), t.l2()),
                new Schedule(s.id(), s.factor(), s.stepEpochs(), s.patience(),
                        s.minLearningRate()),
                new EarlyStopping(e.monitor(), e.patience(), e.restoreBest()),
                new FineTune(f.epochs(), f.fromLayer(), optimizer(f.optimizer(), t.l2())), t.topK(), config.seed(),
                t.batchNorm());
    }

    /** An optimizer spec from an optimizer section. */
    public static OptimizerSpec optimizer(RunConfig.OptimizerConfig o, double l2) {
        OptimizerSpec spec = switch (o.id()) {
            case ADAM -> OptimizerSpec.adam(o.learningRate());
            case SGD -> OptimizerSpec.sgd(o.learningRate(), o.momentum());
            case RMSPROP -> new OptimizerSpec(OptimizerSpec.Kind.RMSPROP, o.learningRate(), o.momentum(), 0.9,
                    0.999, 0.9, 1e-7, 0);
        };
        return spec.withL2(l2);
    }
}
