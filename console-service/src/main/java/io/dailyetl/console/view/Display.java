package io.dailyetl.console.view;

import io.dailyetl.console.config.ConsoleConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the pages show values: times in {@code console.zone} with the UTC instant beside them (for a {@code title}),
 * ages in words, counts with thousands separators.
 */
@ApplicationScoped
public class Display {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    private final ZoneId zone;

    @Inject
    Display(ConsoleConfig config) {
        this(zone(config.zone()));
    }

    /** A display of times in {@code zone}. */
    public Display(ZoneId zone) {
        this.zone = zone;
    }

    static ZoneId zone(String name) {
        try {
            return ZoneId.of(name.trim());
        } catch (DateTimeException e) {
            throw new ConfigurationException(
                    "console.zone: no such zone '" + name + "' (CONSOLE_ZONE, e.g. UTC or " + "Europe/Berlin)");
        }
    }

    /** The zone the pages show times in. */
    public ZoneId zone() {
        return zone;
    }

    /** A time as the pages show it: in the zone, with its UTC instant (both "-" for none). */
    public TimeText time(Instant instant) {
        if (instant == null) {
            return TimeText.NONE;
        }
        return new TimeText(LOCAL.format(instant.atZone(zone)), instant.toString());
    }

    /** A count with thousands separators: {@code 10,000}; "-" for none. */
    public static String count(Long n) {
        return n == null ? "-" : String.format(Locale.ROOT, "%,d", n);
    }

    /** How long ago {@code then} was, in words ({@code 3 h 12 min ago}). */
    public static String age(Instant then, Instant now) {
        if (then == null) {
            return "-";
        }
        Duration d = Duration.between(then, now);
        if (d.isNegative() || d.toSeconds() < 60) {
            return "just now";
        }
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) {
            return days + " d " + hours + " h ago";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min ago";
        }
        return minutes + " min ago";
    }

    /** A time shown in the console's zone ({@code local}) and as a UTC instant ({@code utc}, for a title). */
    public record TimeText(String local, String utc) {
        /** No time. */
        public static final TimeText NONE = new TimeText("-", "");
    }
}
