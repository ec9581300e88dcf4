package org.tl4j.api;

import org.apiguardian.api.API;

/** Thrown when a weight file is missing, unreadable or does not fit the model. */
@API(status = API.Status.STABLE, since = "0.1")
public class WeightsException extends TlException {
    private static final long serialVersionUID = 1L;

    public WeightsException(String message) {
        super(message);
    }

    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
