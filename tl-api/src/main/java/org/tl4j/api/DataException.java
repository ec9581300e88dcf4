package org.tl4j.api;

/** Thrown when input data cannot be read or is unusable. */
public class DataException extends TlException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
