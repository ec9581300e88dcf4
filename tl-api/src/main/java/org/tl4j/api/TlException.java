package org.tl4j.api;

/** The root of every error tl4j reports: an unchecked exception whose message is written for the user. */
public class TlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlException(String message) {
        super(message);
    }

    public TlException(String message, Throwable cause) {
        super(message, cause);
    }
}
