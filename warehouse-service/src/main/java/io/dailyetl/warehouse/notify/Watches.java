package io.dailyetl.warehouse.notify;

import io.dailyetl.warehouse.config.NotificationSettings;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How often each source is expected to succeed ({@code warehouse.notifications.expected-every}, per source
 * {@code warehouse.notifications.sources."<source>".expected-every}; {@code off} or {@code 0}: not watched), and the
 * start-up check of every notification setting: a value out of its range refuses start-up naming its key, since a
 * typo'd interval would otherwise report every source missed, or none.
 */
@ApplicationScoped
public class Watches {

    static final String PREFIX = "warehouse.notifications.";

    private final NotificationSettings settings;

    Watches(WarehouseConfig config) {
        this.settings = config.notifications();
    }

    void onStart(@Observes StartupEvent start) {
        List<String> wrong = problems(settings);
        if (!wrong.isEmpty()) {
            throw new ConfigurationException("invalid notification settings: " + String.join("; ", wrong));
        }
    }

    /** How often {@code source} is expected to succeed; empty: it is not watched. */
    Optional<Duration> expectedEvery(String source) {
        NotificationSettings.SourceWatch own = settings.sources().get(source);
        String value = own != null && own.expectedEvery().isPresent()
                ? own.expectedEvery().get()
                : settings.expectedEvery();
        return interval(value);
    }

    /** Each setting out of its range, naming its key and value; empty when all are valid. */
    public static List<String> problems(NotificationSettings settings) {
        List<String> wrong = new ArrayList<>();
        positive(wrong, "remind-every", settings.remindEvery());
        positive(wrong, "sweep-every", settings.sweepEvery());
        positive(wrong, "lease", settings.lease());
        positive(wrong, "retry.first", settings.retry().first());
        positive(wrong, "retry.max-delay", settings.retry().maxDelay());
        if (settings.grace().isNegative()) {
            wrong.add(PREFIX + "grace=" + settings.grace() + " must not be negative");
        }
        if (settings.retry().maxAttempts() < 1) {
            wrong.add(PREFIX + "retry.max-attempts=" + settings.retry().maxAttempts() + " must be at least 1");
        }
        checkInterval(wrong, PREFIX + "expected-every", settings.expectedEvery());
        for (Map.Entry<String, NotificationSettings.SourceWatch> source :
                settings.sources().entrySet()) {
            source.getValue()
                    .expectedEvery()
                    .ifPresent(v ->
                            checkInterval(wrong, PREFIX + "sources.\"" + source.getKey() + "\".expected-every", v));
        }
        wrong.sort(null);
        return wrong;
    }

    private static void positive(List<String> wrong, String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            wrong.add(PREFIX + key + "=" + value + " must be positive");
        }
    }

    private static void checkInterval(List<String> wrong, String key, String value) {
        try {
            interval(value);
        } catch (IllegalArgumentException e) {
            wrong.add(key + "=" + value + " is not a duration (e.g. 24h, PT26H), 0 or off");
        }
    }

    /** A configured interval: empty for {@code off} or {@code 0}; {@link IllegalArgumentException} if invalid. */
    static Optional<Duration> interval(String value) {
        String v = value == null ? "" : value.trim();
        if (v.equalsIgnoreCase("off") || v.equals("0")) {
            return Optional.empty();
        }
        Duration d;
        try {
            d = DurationConverter.parseDuration(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(value, e);
        }
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(value);
        }
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }
}
