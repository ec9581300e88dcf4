/** {@link org.tl4j.api.tensor.Tensor}: a float32 array with a shape, the unit in which weights and batches travel. */
package org.tl4j.api.tensor;
