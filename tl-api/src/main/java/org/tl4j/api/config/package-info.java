/**
 * Configuration as typed records: {@link org.tl4j.api.config.RunConfig} (a run's HOCON, layered over every module's
 * {@code reference.conf}, checked once with the origin of each bad value), {@link org.tl4j.api.config.Options} (a
 * provider's own option block, read with defaults and one-line errors), {@link org.tl4j.api.config.ConfigLoader} and
 * {@link org.tl4j.api.config.RunConfigBuilder} (a run configured from Java).
 */
package org.tl4j.api.config;
