package org.tl4j.api;

import org.apiguardian.api.API;

/** Thrown when a backend cannot do what was asked or its native library failed. */
@API(status = API.Status.STABLE, since = "0.1")
public class BackendException extends TlException {
    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
