/** Graph tools of the runtime: {@link org.tl4j.core.graph.LayerTable} renders a graph as a text or JSON layer table. */
package org.tl4j.core.graph;
