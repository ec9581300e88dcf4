/**
 * Runnable examples of the tl4j API. {@link org.tl4j.examples.SeedExample} is the Keras seed workflow in Java;
 * {@link org.tl4j.examples.PredictionService} puts a trained model behind an HTTP endpoint. The
 * example third-party backbone plugin is a module of its own (tl-examples-plugin), so that it is a jar like any other
 * plugin and depends on nothing but tl-api. Examples use only exported API: no backend or backbone class by name.
 */
package org.tl4j.examples;
