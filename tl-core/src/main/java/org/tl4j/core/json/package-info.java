/**
 * JSON: the one small, strict reader and writer ({@link org.tl4j.core.json.Json}) that every module uses for
 * safetensors headers, layer tables, ONNX metadata and machine-readable CLI output.
 *
 * <p>Nothing here knows tl4j's types: values are maps, collections, strings, numbers, booleans and nulls. Do not add
 * a second writer elsewhere; add what is missing here.
 */
package org.tl4j.core.json;
