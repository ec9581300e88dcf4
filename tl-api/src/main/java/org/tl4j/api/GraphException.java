package org.tl4j.api;

import org.apiguardian.api.API;

/** Thrown when a layer graph is malformed or its shapes do not fit. */
@API(status = API.Status.STABLE, since = "0.1")
public class GraphException extends TlException {
    private static final long serialVersionUID = 1L;

    public GraphException(String message) {
        super(message);
    }

    public GraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
