package io.dailyetl.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each source has its own daily run: its cron in its zone, or none when its schedule is off. */
@QuarkusTest
@TestProfile(SourceSchedulesTest.TwoSources.class)
@WithTestResource(WarehouseResource.class)
class SourceSchedulesTest {

    /** payments at 03:30 in Tokyo, refunds at the deployment's default time in UTC, cards not scheduled. */
    public static class TwoSources implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ingest.sources.payments.url", "http://127.0.0.1:1/payments",
                    "ingest.sources.payments.schedule", "0 30 3 * * ?",
                    "ingest.sources.payments.zone", "Asia/Tokyo",
                    "ingest.sources.refunds.url", "http://127.0.0.1:1/refunds",
                    "ingest.sources.refunds.schedule", "0 0 2 * * ?",
                    "ingest.sources.cards.url", "http://127.0.0.1:1/cards",
                    "ingest.sources.cards.schedule", "off");
        }
    }

    @Inject
    Scheduler scheduler;

    @Test
    void eachSourceRunsOnItsOwnScheduleInItsOwnZone() {
        // given the times worked out here: the next 03:30 in Tokyo and the next 02:00 in UTC
        ZonedDateTime tokyo = next(ZoneId.of("Asia/Tokyo"), LocalTime.of(3, 30));
        ZonedDateTime utc = next(ZoneId.of("UTC"), LocalTime.of(2, 0));

        // when the scheduler is asked for the sources' daily runs
        Trigger payments = scheduler.getScheduledJob("daily-run:payments");
        Trigger refunds = scheduler.getScheduledJob("daily-run:refunds");

        // then each fires next at its own time, and the source whose schedule is off has none
        assertThat(payments).isNotNull();
        assertThat(payments.getNextFireTime()).isEqualTo(tokyo.toInstant());
        assertThat(refunds).isNotNull();
        assertThat(refunds.getNextFireTime()).isEqualTo(utc.toInstant());
        assertThat(scheduler.getScheduledJob("daily-run:cards")).isNull();
    }

    private static ZonedDateTime next(ZoneId zone, LocalTime at) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime next = now.with(at).withNano(0);
        return next.isAfter(now) ? next : next.plusDays(1);
    }
}
