/**
 * Helpers shared by tl-api's packages that are not part of its API: this package is not exported.
 */
package org.tl4j.api.internal;
