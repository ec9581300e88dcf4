package org.tl4j.core.train;

import java.util.List;

/**
 * The loop's state after an epoch, enough to continue exactly where it stopped.
 *
 * @param epoch        global epochs completed (1-based count over all phases)
 * @param phase        the phase of that epoch
 * @param epochInPhase epochs of that phase completed
 * @param phaseDone    whether that phase has ended (its last epoch, or early stopping)
 * @param history      every epoch's metrics so far
 * @param schedule     the learning-rate schedule's state
 * @param bestEpoch    the best epoch of the phase so far (global number)
 * @param bestValue    its monitored value
 * @param patienceUsed epochs without improvement so far (early stopping)
 */
public record CheckpointState(int epoch, String phase, int epochInPhase, boolean phaseDone,
        List<EpochMetrics> history, double[] schedule, int bestEpoch, double bestValue, int patienceUsed) {
}
