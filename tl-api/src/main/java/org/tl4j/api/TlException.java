package org.tl4j.api;

import org.apiguardian.api.API;

/** The root of every error tl4j reports: an unchecked exception whose message is written for the user. */
@API(status = API.Status.STABLE, since = "0.1")
public class TlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlException(String message) {
        super(message);
    }

    public TlException(String message, Throwable cause) {
        super(message, cause);
    }
}
