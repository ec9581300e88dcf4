package org.tl4j.core.data;

import org.tl4j.api.DataException;

/** Thrown when one image cannot be used; {@link #badImage()} names the file and the reason. */
public final class BadImageException extends DataException {
    private static final long serialVersionUID = 1L;

    private final transient BadImage badImage;

    public BadImageException(BadImage badImage) {
        super("bad image " + badImage.path() + ": " + badImage.reason());
        this.badImage = badImage;
    }

    public BadImageException(BadImage badImage, Throwable cause) {
        super("bad image " + badImage.path() + ": " + badImage.reason(), cause);
        this.badImage = badImage;
    }

    public BadImage badImage() {
        return badImage;
    }
}
