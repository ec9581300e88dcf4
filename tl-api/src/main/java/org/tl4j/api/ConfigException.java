package org.tl4j.api;

/** Thrown when a configuration value is missing, unknown, of the wrong type or out of range. */
public class ConfigException extends TlException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
