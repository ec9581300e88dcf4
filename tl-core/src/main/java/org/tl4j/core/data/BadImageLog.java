package org.tl4j.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tl4j.api.config.OnBadImage;

/**
 * The bad images of a run, each warned about once and kept in the order first seen, for the report; or, under
 * {@link OnBadImage#FAIL}, the end of the run at the first one. Thread-safe.
 */
public final class BadImageLog {
    private static final Logger LOG = LoggerFactory.getLogger(BadImageLog.class);

    private final OnBadImage policy;
    private final Map<Path, BadImage> seen = new LinkedHashMap<>();

    public BadImageLog(OnBadImage policy) {
        this.policy = policy;
    }

    public OnBadImage policy() {
        return policy;
    }

    /**
     * Records a bad image: warns and keeps it under {@link OnBadImage#SKIP}; throws the exception under
     * {@link OnBadImage#FAIL}.
     */
    public void report(BadImageException e) {
        BadImage b = e.badImage();
        if (policy == OnBadImage.FAIL) {
            throw new BadImageException(new BadImage(b.path(), b.reason() + " (data.on-bad-image = fail; set it to skip"
                    + " to leave such files out with a warning)"), e);
        }
        synchronized (seen) {
            if (seen.putIfAbsent(b.path(), b) == null) {
                LOG.warn("skipping bad image {}: {}", b.path(), b.reason());
            }
        }
    }

    /** Whether {@code path} was reported. */
    public boolean contains(Path path) {
        synchronized (seen) {
            return seen.containsKey(path);
        }
    }

    /** The bad images so far, in the order first reported. */
    public List<BadImage> list() {
        synchronized (seen) {
            return List.copyOf(new ArrayList<>(seen.values()));
        }
    }

    public int count() {
        synchronized (seen) {
            return seen.size();
        }
    }
}
