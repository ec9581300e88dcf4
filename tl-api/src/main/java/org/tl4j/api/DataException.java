package org.tl4j.api;

import org.apiguardian.api.API;

/** Thrown when input data cannot be read or is unusable. */
@API(status = API.Status.STABLE, since = "0.1")
public class DataException extends TlException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
