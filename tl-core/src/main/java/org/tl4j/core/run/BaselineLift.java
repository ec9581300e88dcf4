package org.tl4j.core.run;

/**
 * How much a run beats a baseline on the same validation images, for the report's "baseline lift" row: e.g. the same
 * head on a randomly initialised base, or the majority class. Optional: a report without one has no such row.
 *
 * @param baseline         what the baseline is, in words (shown as is, escaped)
 * @param baselineAccuracy the baseline's validation accuracy, in [0, 1]
 * @param accuracy         the run's validation accuracy, in [0, 1]
 */
public record BaselineLift(String baseline, double baselineAccuracy, double accuracy) {

    /** The lift in percentage points. */
    public double points() {
        return 100 * (accuracy - baselineAccuracy);
    }
}
