package io.dailyetl.warehouse.checks;

import io.dailyetl.warehouse.config.WarehouseConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses start-up when a key under {@code warehouse.checks.} names no check, rule or threshold, or a value is out of
 * its range, naming each key at fault: a share or a volume ratio outside [0, 1], {@code volume.runs} below 1,
 * {@code volume.min} negative, a freshness not a positive duration; a field rule on what is not a record field, on
 * a field it cannot judge, without its parameter, with an empty list of accepted values, or with a range whose min is
 * above its max. A typo'd threshold would otherwise judge every load wrongly and quietly.
 */
@ApplicationScoped
public class CheckSettings {

    static final String PREFIX = "warehouse.checks.";

    /** The fields a rule may judge, as said in a refusal. */
    static final String FIELDS = "id, userId, status, amount, createdAt, or attributes.<name>[.<name>…]";

    /** A key the checks know: the switch, or a check's threshold or parameter, by default or for a source. */
    private static final Pattern KNOWN =
            Pattern.compile("warehouse\\.checks\\.(enabled|(default|sources\\.(\"[^\"]+\"|[^.\"]+))\\."
                    + "((reject-share|duplicate-share)\\.(warn|error)|volume\\.(warn|error|runs|min)|freshness\\.(warn|error)"
                    + "|fields\\.(\"[^\"]+\"|[^.\"]+)\\.(not-null\\.(warn|error)|accepted-values\\.(values(\\[[0-9]+])?|warn|error)"
                    + "|range\\.(min|max|warn|error))))");

    void onStart(@Observes StartupEvent start, WarehouseConfig config) {
        Config raw = ConfigProvider.getConfig();
        List<String> wrong = new ArrayList<>(unknown(raw.getPropertyNames()));
        wrong.addAll(emptyValues(raw));
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
                wrong.add(name + " is not a check's threshold (checks: reject-share, duplicate-share, volume, "
                        + "freshness, fields.\"<field>\" with rules not-null, accepted-values, range; thresholds: warn, "
                        + "error, volume's runs and min, accepted-values' values, range's min and max)");
            }
        }
        wrong.sort(null);
        return wrong;
    }

    /**
     * Each {@code accepted-values.values} key set to nothing: an empty list would accept no value (or, read as unset,
     * quietly judge nothing).
     */
    public static List<String> emptyValues(Config config) {
        List<String> wrong = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.endsWith(".accepted-values.values")) {
                String value = config.getConfigValue(name).getValue();
                if (value == null || value.replace(",", "").isBlank()) {
                    wrong.add(name + " is empty: list the accepted values, separated by commas");
                }
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
        freshness(wrong, p + "freshness.", d.freshness());
        for (Map.Entry<String, WarehouseConfig.FieldRules> f : new TreeMap<>(d.fields()).entrySet()) {
            fieldRules(wrong, p, f.getKey(), f.getValue(), null);
        }
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
            freshness(wrong, s + "freshness.", c.freshness());
            for (Map.Entry<String, WarehouseConfig.FieldRules> f : new TreeMap<>(c.fields()).entrySet()) {
                fieldRules(wrong, s, f.getKey(), f.getValue(), d.fields().get(f.getKey()));
            }
        }
        return wrong;
    }

    private static void freshness(List<String> wrong, String prefix, WarehouseConfig.Freshness f) {
        for (Map.Entry<String, Optional<Duration>> t :
                Map.of("warn", f.warn(), "error", f.error()).entrySet()) {
            if (t.getValue().isPresent()
                    && (t.getValue().get().isNegative() || t.getValue().get().isZero())) {
                wrong.add(prefix + t.getKey() + "=" + t.getValue().get() + " must be a positive duration");
            }
        }
    }

    /**
     * The rules of {@code field} under {@code prefix} ({@code dflt}: the default's rules of the same field, for a
     * source's, else null): a record field, rules it can take, parameters they need, thresholds in [0, 1].
     */
    private static void fieldRules(
            List<String> wrong,
            String prefix,
            String field,
            WarehouseConfig.FieldRules rules,
            WarehouseConfig.FieldRules dflt) {
        String f = prefix + "fields.\"" + field + "\".";
        if (!FieldRule.isField(field)) {
            wrong.add(f.substring(0, f.length() - 1) + " is not a record field (" + FIELDS + ")");
            return;
        }
        share(wrong, f + "not-null.warn", rules.notNull().warn());
        share(wrong, f + "not-null.error", rules.notNull().error());
        WarehouseConfig.AcceptedValues a = rules.acceptedValues();
        share(wrong, f + "accepted-values.warn", a.warn());
        share(wrong, f + "accepted-values.error", a.error());
        boolean anyValues = a.values().isPresent()
                || (dflt != null && dflt.acceptedValues().values().isPresent());
        if (a.values().isPresent() || a.warn().isPresent() || a.error().isPresent()) {
            if (!FieldRule.TEXT_FIELDS.contains(field) && !field.startsWith(FieldRule.ATTRIBUTES)) {
                wrong.add(f + "accepted-values: " + field + " is not a text field (accepted-values judges id, userId, "
                        + "status and attributes)");
            } else if (a.values().isPresent() && a.values().get().stream().allMatch(String::isBlank)) {
                wrong.add(f + "accepted-values.values is empty: list the accepted values, separated by commas");
            } else if (!anyValues) {
                wrong.add(f + "accepted-values has thresholds but no values: set " + f + "accepted-values.values");
            }
        }
        WarehouseConfig.Range r = rules.range();
        share(wrong, f + "range.warn", r.warn());
        share(wrong, f + "range.error", r.error());
        Optional<BigDecimal> min =
                r.min().or(() -> dflt == null ? Optional.empty() : dflt.range().min());
        Optional<BigDecimal> max =
                r.max().or(() -> dflt == null ? Optional.empty() : dflt.range().max());
        if (r.min().isPresent()
                || r.max().isPresent()
                || r.warn().isPresent()
                || r.error().isPresent()) {
            if (!FieldRule.AMOUNT.equals(field) && !field.startsWith(FieldRule.ATTRIBUTES)) {
                wrong.add(f + "range: " + field + " is not a numeric field (range judges amount and attributes)");
            } else if (min.isEmpty() && max.isEmpty()) {
                wrong.add(f + "range has thresholds but no bound: set " + f + "range.min and/or " + f + "range.max");
            } else if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
                wrong.add(f + "range.min=" + min.get().toPlainString() + " is above " + f + "range.max="
                        + max.get().toPlainString());
            }
        }
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
