package io.dailyetl.warehouse.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;

/**
 * The notifications the warehouse records in its outbox ({@code warehouse.notifications.*}, docs/notifications.md):
 * when to remind, when a source counts as missing its runs, how long a sender's claim holds, how a failing channel is
 * retried. Checked at start-up ({@code notify/Watches}), naming the key at fault.
 */
public interface NotificationSettings {

    /** While a subject stays broken, a reminder (STILL_FAILING) at most this often after the last notice. */
    @WithDefault("24h")
    Duration remindEvery();

    /** Whether every successful run is notified (RUN_SUCCEEDED: the old job's "Pipeline Success"). */
    @WithDefault("false")
    boolean success();

    /** How often the warehouse looks for sources that missed their runs (and for the digest's time). */
    @WithDefault("60s")
    Duration sweepEvery();

    /**
     * A source is expected to succeed at least this often; {@code 0} or {@code off}: not watched. Overridable per
     * source.
     */
    @WithDefault("24h")
    String expectedEvery();

    /** How late a source's success may be beyond {@code expected-every} before it is reported missed. */
    @WithDefault("2h")
    Duration grace();

    /** Per-source settings, by source name. */
    Map<String, SourceWatch> sources();

    /** How long a sender's claim of notifications holds; a claim not answered within it is claimable again. */
    @WithDefault("2m")
    Duration lease();

    /** Retries of a notification a channel did not accept. */
    Retry retry();

    /** The daily digest. */
    Digest digest();

    /** One source's settings. */
    interface SourceWatch {
        /** How often the source is expected to succeed ({@code 0} or {@code off}: not watched); unset: the default. */
        Optional<String> expectedEvery();
    }

    /** Backoff of a notification that a channel did not accept. */
    interface Retry {
        /** The wait before the second attempt; each later wait doubles it. */
        @WithDefault("30s")
        Duration first();

        /** The longest wait between two attempts. */
        @WithDefault("1h")
        Duration maxDelay();

        /** After this many failed attempts the notification is GAVE_UP (and counted). */
        @WithDefault("10")
        int maxAttempts();
    }

    /** One DIGEST a day: every source's runs of the last 24 hours. */
    interface Digest {
        /** Whether the digest is recorded. */
        @WithDefault("false")
        boolean enabled();

        /** The local time (in {@code warehouse.zone}) from which the day's digest is recorded. */
        @WithDefault("08:00")
        LocalTime at();
    }
}
