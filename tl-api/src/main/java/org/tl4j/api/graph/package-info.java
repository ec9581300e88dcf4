/**
 * The backend-neutral layer-graph IR: a {@link org.tl4j.api.graph.Graph} is an immutable list of
 * {@link org.tl4j.api.graph.Node} records in Keras layer order (Input, Conv2D, DepthwiseConv2D, BatchNorm, Activation,
 * ZeroPadding, MaxPool, AveragePool, Add, GlobalAveragePool, Flatten, Dense, Dropout, External), built with a
 * {@link org.tl4j.api.graph.GraphBuilder}, with static shape inference (NHWC, Keras "same"/"valid" padding) and a
 * {@link org.tl4j.api.GraphException} naming the layer when shapes do not fit. Backbones and heads describe their
 * networks with it; backends compile it.
 */
package org.tl4j.api.graph;
