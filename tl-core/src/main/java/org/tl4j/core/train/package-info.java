/**
 * Training: the {@code feature-extraction}, {@code fine-tune} and {@code two-phase} trainers, the epoch loop they
 * share (seeded shuffling, learning-rate schedules, early stopping, atomic checkpoints, resume, NaN guard), metrics
 * and listeners.
 *
 * <p>Trainers are backend-neutral: they reach a backend only through {@link org.tl4j.spi.BackendEngine} and
 * {@link org.tl4j.spi.CompiledModel}. Nothing here writes to the console; progress goes to a
 * {@link org.tl4j.core.train.TrainingListener}.
 */
package org.tl4j.core.train;
