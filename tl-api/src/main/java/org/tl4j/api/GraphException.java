package org.tl4j.api;

/** Thrown when a layer graph is malformed or its shapes do not fit. */
public class GraphException extends TlException {
    private static final long serialVersionUID = 1L;

    public GraphException(String message) {
        super(message);
    }

    public GraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
