/**
 * Runs and their outputs: the {@link org.tl4j.core.run.TransferLearning} facade that does what {@code tl train} does,
 * the run folder (resolved config, labels, metrics, checkpoints, model bundle, evaluation, {@code report.html}),
 * model bundles and the {@link org.tl4j.core.run.Predictor} that reads them, and feature export to NumPy files.
 *
 * <p>Nothing here prints: progress goes to a {@link org.tl4j.core.train.TrainingListener}, user-facing text to the
 * CLI.
 */
package org.tl4j.core.run;
