package org.tl4j.api;

/** Thrown when a backend cannot do what was asked or its native library failed. */
public class BackendException extends TlException {
    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
