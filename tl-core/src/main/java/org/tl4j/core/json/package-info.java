/**
 * JSON: the one reader and writer ({@link org.tl4j.core.json.Json}, on Gson's strict tokenizer and writer) that
 * tl4j uses for safetensors headers, layer tables, run outputs and machine-readable CLI output;
 * {@link org.tl4j.core.run.JsonText} reads run outputs back through it as typed {@code Config}s.
 *
 * <p>Nothing here knows tl4j's types: values are maps, collections, strings, numbers, booleans and nulls. Do not add
 * a second writer elsewhere; add what is missing here.
 */
package org.tl4j.core.json;
