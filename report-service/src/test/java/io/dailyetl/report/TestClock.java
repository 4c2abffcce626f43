package io.dailyetl.report;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The schedule's clock, set by the test: it stands where the test puts it (at {@link #IDLE}, before any firing of
 * the test crons, until then). Enabled by a test profile's {@code getEnabledAlternatives}.
 */
@Alternative
@Singleton
public class TestClock extends Clock {

    /** Before the first firing of the test crons (they fire from 2070 on): the catch-up finds nothing to do. */
    public static final Instant IDLE = Instant.parse("2069-06-01T00:00:00Z");

    private volatile Instant now = IDLE;

    public void set(Instant instant) {
        now = instant;
    }

    public void idle() {
        now = IDLE;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }
}
