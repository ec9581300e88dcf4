package org.tl4j.core.train;

import org.apiguardian.api.API;

/**
 * How far a long task has come, for progress bars.
 *
 * @param task  a short label, e.g. {@code features} or {@code epoch 3/10}
 * @param done  units done
 * @param total units in all; 0 when unknown
 * @param unit  what is counted, e.g. {@code images} or {@code batches}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Progress(String task, long done, long total, String unit) {
}
