/** The standard heads ({@code linear}, {@code mlp}), registered as providers like any plugin's; not exported. */
package org.tl4j.core.heads;
