/**
 * The {@code tinynet} example backbone: how a third party adds a backbone to tl4j. A backbone only describes its
 * network as a {@link org.tl4j.api.graph.Graph}; tl4j's backends compile and run it, so this package imports nothing
 * but tl4j's API — no TensorFlow, DJL or other engine.
 */
package com.example.tinynet;
