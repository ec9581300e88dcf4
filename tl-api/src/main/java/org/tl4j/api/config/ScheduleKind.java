package org.tl4j.api.config;

import java.util.Locale;
import org.apiguardian.api.API;

/** The learning-rate schedules ({@code trainer.schedule.id}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ScheduleKind {
    CONSTANT, STEP, COSINE, REDUCE_ON_PLATEAU;

    /** The config spelling, e.g. {@code reduce-on-plateau}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
