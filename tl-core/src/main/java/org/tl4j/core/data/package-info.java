/**
 * The data pipeline: labelled image lists (class folders, CSV/TSV lists), decoding to RGB floats, TF-exact bilinear
 * resizing, seeded splits and augmentation, parallel batching and the feature cache.
 *
 * <p>Nothing here knows a backend or a backbone class: callers pass sizes, preprocessing modes and cache namespaces.
 * Every source of randomness takes an explicit seed; nothing reads a clock or a global random generator.
 */
package org.tl4j.core.data;
