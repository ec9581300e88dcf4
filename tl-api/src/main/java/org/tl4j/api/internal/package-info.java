/**
 * Helpers for tl4j's own runtime and backends, not part of the contract: {@link org.tl4j.api.internal.BatchNormFolding}
 * (which BatchNorm layers fold into their convolution), {@link org.tl4j.api.internal.Trace} (start-up timings) and
 * {@link org.tl4j.api.internal.HomePaths} ({@code ~} in config paths).
 * Exported only to {@code org.tl4j.core}, {@code org.tl4j.cli} and the two backends; may change at any time.
 */
package org.tl4j.api.internal;
