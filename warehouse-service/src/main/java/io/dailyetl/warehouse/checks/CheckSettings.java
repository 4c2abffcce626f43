package io.dailyetl.warehouse.checks;

import io.dailyetl.warehouse.config.WarehouseConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses start-up when a key under {@code warehouse.checks.} names no check or threshold, or a threshold is out of
 * its range, naming each key at fault: a share or a volume ratio
 * outside [0, 1], {@code volume.runs} below 1, {@code volume.min} negative. A typo'd threshold would otherwise judge
 * every load wrongly and quietly.
 */
@ApplicationScoped
public class CheckSettings {

    static final String PREFIX = "warehouse.checks.";

    /** A key the checks know: a check's threshold, by default or for a source (quoted or not). */
    private static final Pattern KNOWN =
            Pattern.compile("warehouse\\.checks\\.(default|sources\\.(\"[^\"]+\"|[^.\"]+))\\."
                    + "((reject-share|duplicate-share)\\.(warn|error)|volume\\.(warn|error|runs|min))");

    void onStart(@Observes StartupEvent start, WarehouseConfig config) {
        List<String> wrong = new ArrayList<>(unknown(ConfigProvider.getConfig().getPropertyNames()));
        wrong.addAll(problems(config.checks()));
        if (!wrong.isEmpty()) {
            throw new ConfigurationException("invalid data checks: " + String.join("; ", wrong));
        }
    }

    /**
     * Each key under {@code warehouse.checks.} that names no check or threshold (a misspelt check would otherwise
     * be a check quietly not made). Environment variables are matched as Quarkus maps them, by their dotted name.
     */
    public static List<String> unknown(Iterable<String> propertyNames) {
        List<String> wrong = new ArrayList<>();
        for (String name : propertyNames) {
            if (name.startsWith(PREFIX) && !KNOWN.matcher(name).matches()) {
                wrong.add(name + " is not a check's threshold (checks: reject-share, duplicate-share, volume; "
                        + "thresholds: warn, error, and volume's runs and min)");
            }
        }
        wrong.sort(null);
        return wrong;
    }

    /** Each key out of its range, with its value and the range; empty when every threshold is valid. */
    public static List<String> problems(WarehouseConfig.Checks checks) {
        List<String> wrong = new ArrayList<>();
        WarehouseConfig.DefaultChecks d = checks.defaults();
        String p = PREFIX + "default.";
        share(wrong, p + "reject-share.warn", d.rejectShare().warn());
        share(wrong, p + "reject-share.error", d.rejectShare().error());
        share(wrong, p + "duplicate-share.warn", d.duplicateShare().warn());
        share(wrong, p + "duplicate-share.error", d.duplicateShare().error());
        share(wrong, p + "volume.warn", d.volume().warn());
        share(wrong, p + "volume.error", d.volume().error());
        runs(wrong, p + "volume.runs", OptionalInt.of(d.volume().runs()));
        min(wrong, p + "volume.min", d.volume().min());
        for (Map.Entry<String, WarehouseConfig.SourceChecks> e :
                checks.sources().entrySet()) {
            String s = PREFIX + "sources.\"" + e.getKey() + "\".";
            WarehouseConfig.SourceChecks c = e.getValue();
            share(wrong, s + "reject-share.warn", c.rejectShare().warn());
            share(wrong, s + "reject-share.error", c.rejectShare().error());
            share(wrong, s + "duplicate-share.warn", c.duplicateShare().warn());
            share(wrong, s + "duplicate-share.error", c.duplicateShare().error());
            share(wrong, s + "volume.warn", c.volume().warn());
            share(wrong, s + "volume.error", c.volume().error());
            runs(wrong, s + "volume.runs", c.volume().runs());
            min(wrong, s + "volume.min", c.volume().min());
        }
        return wrong;
    }

    private static void share(List<String> wrong, String key, OptionalDouble value) {
        if (value.isPresent() && !(value.getAsDouble() >= 0 && value.getAsDouble() <= 1)) {
            wrong.add(key + "=" + value.getAsDouble() + " is outside [0, 1]");
        }
    }

    private static void runs(List<String> wrong, String key, OptionalInt value) {
        if (value.isPresent() && value.getAsInt() < 1) {
            wrong.add(key + "=" + value.getAsInt() + " must be at least 1");
        }
    }

    private static void min(List<String> wrong, String key, OptionalLong value) {
        if (value.isPresent() && value.getAsLong() < 0) {
            wrong.add(key + "=" + value.getAsLong() + " must not be negative");
        }
    }
}
