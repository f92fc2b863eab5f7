package org.trdcds.system;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * "Today" for the clinical rules (clinical-rules §0 Clock): the current date in {@code trd.clock.zone},
 * or the fixed date {@code trd.clock.fixed} (tests, demos).
 */
public final class ClinicalClock {

    private final ZoneId zone;
    private final LocalDate fixed;
    private final Clock clock;

    public ClinicalClock(ZoneId zone, LocalDate fixed) {
        this.zone = zone;
        this.fixed = fixed;
        this.clock = Clock.system(zone);
    }

    public LocalDate today() {
        return fixed != null ? fixed : LocalDate.now(clock);
    }

    public ZoneId zone() {
        return zone;
    }
}
