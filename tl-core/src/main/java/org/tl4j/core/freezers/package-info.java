/** The standard freezers ({@code all}, {@code none}, {@code from-layer}, {@code last-blocks}); not exported. */
package org.tl4j.core.freezers;
