package org.tl4j.api;

import org.apiguardian.api.API;

/** Thrown when a configuration value is missing, unknown, of the wrong type or out of range. */
@API(status = API.Status.STABLE, since = "0.1")
public class TlConfigException extends TlException {
    private static final long serialVersionUID = 1L;

    public TlConfigException(String message) {
        super(message);
    }

    public TlConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
