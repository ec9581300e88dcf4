/**
 * Helpers shared by tl-core's packages that are not part of its API (a backend engine opened in the background while
 * other work goes on): this package is not exported.
 */
package org.tl4j.core.internal;
