package io.dailyetl.warehouse;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/**
 * Notifications on a test's time scale: reminders after 3 s, claims that lapse after 2 s, retries after 0.2 s (at
 * most 3 attempts), a sweep every second, and one source ({@link #WATCHED}) expected every 10 minutes (grace 1 minute),
 * so a success reported as finished hours ago makes it overdue at once; the digest from midnight on. Shared by the notification tests, so Quarkus
 * starts once for them.
 */
public class NotificationsProfile implements QuarkusTestProfile {

    /** The source the missed-runs sweep watches closely; every other source keeps the default of 24 hours. */
    static final String WATCHED = "watched-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "warehouse.notifications.remind-every",
                "PT3S",
                "warehouse.notifications.lease",
                "PT2S",
                "warehouse.notifications.retry.first",
                "PT0.2S",
                "warehouse.notifications.retry.max-delay",
                "PT0.4S",
                "warehouse.notifications.retry.max-attempts",
                "3",
                "warehouse.notifications.sweep-every",
                "1s",
                "warehouse.notifications.grace",
                "PT1M",
                "warehouse.notifications.sources.\"" + WATCHED + "\".expected-every",
                "PT10M",
                "warehouse.notifications.digest.enabled",
                "true",
                "warehouse.notifications.digest.at",
                "00:00");
    }
}
