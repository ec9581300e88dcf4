package org.tl4j.core.train;

/**
 * How far a long task has come, for progress bars.
 *
 * @param task  a short label, e.g. {@code features} or {@code epoch 3/10}
 * @param done  units done
 * @param total units in all; 0 when unknown
 * @param unit  what is counted, e.g. {@code images} or {@code batches}
 */
public record Progress(String task, long done, long total, String unit) {
}
