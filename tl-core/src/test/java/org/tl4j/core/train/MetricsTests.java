package org.tl4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tl4j.api.config.Monitor;
import org.tl4j.api.config.ScheduleKind;
import org.tl4j.api.tensor.Tensor;

class MetricsTests {

    @Test
    void accuracyTopKLossConfusionAndPerClass() {
        Tensor p = Tensor.of(new float[] {
            0.7f, 0.2f, 0.1f,
            0.1f, 0.5f, 0.4f,
            0.3f, 0.3f, 0.4f,
            0.2f, 0.7f, 0.1f}, 4, 3);
        Evaluation e = Metrics.evaluate(p, new int[] {0, 2, 2, 0}, 2);
        assertThat(e.accuracy()).isEqualTo(0.5);
        assertThat(e.topKAccuracy()).isEqualTo(1.0);
        assertThat(Metrics.evaluate(p, new int[] {0, 2, 2, 0}, 1).topKAccuracy()).isEqualTo(0.5);
        assertThat(e.loss()).isCloseTo((-Math.log(0.7f) - Math.log(0.4f) - Math.log(0.4f) - Math.log(0.2f)) / 4,
                within(1e-6));
        assertThat(e.confusion()).isDeepEqualTo(new int[][] {{1, 1, 0}, {0, 0, 0}, {0, 1, 1}});
        assertThat(e.perClass().get(0)).isEqualTo(new Evaluation.ClassMetrics(1.0, 0.5, 2 / 3.0, 2));
        assertThat(e.perClass().get(1)).isEqualTo(new Evaluation.ClassMetrics(0, 0, 0, 0));
        assertThat(e.perClass().get(2).precision()).isEqualTo(1.0);
        assertThat(e.macroF1()).isCloseTo((2 / 3.0 + 2 / 3.0) / 2, within(1e-12));
        assertThat(Metrics.topClasses(p, 2, 2)).containsExactly(2, 0);
    }

    @Test
    void crossEntropyIsClippedLikeKeras() {
        assertThat(Metrics.crossEntropy(0f)).isCloseTo(-Math.log(1e-7), within(1e-9));
        assertThat(Metrics.crossEntropy(1f)).isCloseTo(-Math.log(1 - 1e-7), within(1e-12));
    }

    @Test
    void schedules() {
        TrainingSettings.Schedule step = new TrainingSettings.Schedule(ScheduleKind.STEP, 0.5, 2, 1,
                0);
        LearningRateSchedule s = new LearningRateSchedule(step, 0.1, 10, Monitor.VAL_LOSS);
        assertThat(List.of(s.rate(0), s.rate(1), s.rate(2), s.rate(5))).containsExactly(0.1, 0.1, 0.05, 0.025);
        TrainingSettings.Schedule cos = new TrainingSettings.Schedule(ScheduleKind.COSINE, 0.1, 1, 1,
                0.01);
        LearningRateSchedule c = new LearningRateSchedule(cos, 0.1, 4, Monitor.LOSS);
        assertThat(c.rate(0)).isEqualTo(0.1);
        assertThat(c.rate(2)).isCloseTo(0.055, within(1e-12));
        TrainingSettings.Schedule plateau = new TrainingSettings.Schedule(
                ScheduleKind.REDUCE_ON_PLATEAU, 0.1, 1, 2, 0.0001);
        LearningRateSchedule r = new LearningRateSchedule(plateau, 0.01, 10, Monitor.VAL_LOSS);
        double[] losses = {1.0, 0.9, 0.95, 0.92, 0.91, 0.93};
        double[] expected = {0.01, 0.01, 0.01, 0.01, 0.001, 0.001};
        for (int i = 0; i < losses.length; i++) {
            assertThat(r.rate(i)).as("epoch " + i).isCloseTo(expected[i], within(1e-15));
            r.epochEnded(new EpochMetrics(i + 1, "x", r.rate(i), 0, 0, losses[i], 0, 0, 0));
        }
        LearningRateSchedule copy = new LearningRateSchedule(plateau, 0.01, 10, Monitor.VAL_LOSS);
        copy.restore(r.state());
        assertThat(copy.rate(6)).isEqualTo(r.rate(6));
    }

    @Test
    void checkpointStateRoundTripsThroughJson() {
        CheckpointState s = new CheckpointState(3, "fine-tune", 1, false, List.of(new EpochMetrics(1, "fe", 0.001,
                0.5, Double.NaN, 0.25, 0.75, 1, 1.5)), new double[] {0.001, Double.NaN, 2}, 1, 0.25, 2);
        CheckpointState back = Checkpoints.fromJson(Checkpoints.toJson(s));
        assertThat(back.history()).isEqualTo(s.history());
        assertThat(back.schedule()).containsExactly(0.001, Double.NaN, 2);
        assertThat(back.epoch()).isEqualTo(3);
        assertThat(back.phase()).isEqualTo("fine-tune");
        assertThat(back.bestValue()).isEqualTo(0.25);
        assertThat(back.patienceUsed()).isEqualTo(2);
    }
}
