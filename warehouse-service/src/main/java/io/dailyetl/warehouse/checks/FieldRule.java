package io.dailyetl.warehouse.checks;

import io.dailyetl.warehouse.config.WarehouseConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * One field rule as it applies to one source (docs/checks.md): the rule ({@code not-null}, {@code accepted-values}
 * or {@code range}) on a record field, its parameters ({@code values}; {@code min}, {@code max}: null when not set)
 * and thresholds, each the source's where it sets it, else the default's.
 */
record FieldRule(
        String field, String rule, List<String> values, BigDecimal min, BigDecimal max, Thresholds thresholds) {

    static final String NOT_NULL = "not-null";
    static final String ACCEPTED_VALUES = "accepted-values";
    static final String RANGE = "range";

    /** The record's own fields by name, with their column in the staging table. */
    static final Map<String, String> COLUMNS =
            Map.of("id", "id", "userId", "user_id", "status", "status", "amount", "amount", "createdAt", "created_at");

    /** The prefix of a field kept in {@code attributes}; its path follows, its names separated by dots. */
    static final String ATTRIBUTES = "attributes.";

    /** Fields a rule of {@code accepted-values} may judge: text ones (and attributes, judged as text). */
    static final List<String> TEXT_FIELDS = List.of("id", "userId", "status");

    /** The record's own numeric field; attributes may be numeric too. */
    static final String AMOUNT = "amount";

    /** The staging column of a record field, or null if it is kept in {@code attributes}. */
    String column() {
        return COLUMNS.get(field);
    }

    /** The path of an attribute field within {@code attributes} (e.g. {@code [a, b]} for {@code attributes.a.b}). */
    String[] path() {
        return field.substring(ATTRIBUTES.length()).split("\\.", -1);
    }

    /** Whether {@code field} names a record field: one of its own, or a path of non-empty names in attributes. */
    static boolean isField(String field) {
        if (COLUMNS.containsKey(field)) {
            return true;
        }
        return field.startsWith(ATTRIBUTES)
                && Arrays.stream(field.substring(ATTRIBUTES.length()).split("\\.", -1))
                        .noneMatch(String::isBlank);
    }

    /** The rules that apply to {@code source}, by field name, each field's in the order not-null, values, range. */
    static List<FieldRule> of(WarehouseConfig.Checks checks, String source) {
        Map<String, WarehouseConfig.FieldRules> defaults = checks.defaults().fields();
        WarehouseConfig.SourceChecks s = checks.sources().get(source);
        Map<String, WarehouseConfig.FieldRules> own = s == null ? Map.of() : s.fields();
        TreeSet<String> fields = new TreeSet<>(defaults.keySet());
        fields.addAll(own.keySet());
        List<FieldRule> rules = new ArrayList<>();
        for (String field : fields) {
            Optional<WarehouseConfig.FieldRules> d = Optional.ofNullable(defaults.get(field));
            Optional<WarehouseConfig.FieldRules> o = Optional.ofNullable(own.get(field));
            Optional<WarehouseConfig.NotNull> dn = d.map(WarehouseConfig.FieldRules::notNull);
            Optional<WarehouseConfig.NotNull> on = o.map(WarehouseConfig.FieldRules::notNull);
            OptionalDouble nWarn = pick(on.map(WarehouseConfig.NotNull::warn), dn.map(WarehouseConfig.NotNull::warn));
            OptionalDouble nError =
                    pick(on.map(WarehouseConfig.NotNull::error), dn.map(WarehouseConfig.NotNull::error));
            if (nWarn.isPresent() || nError.isPresent()) {
                boolean mine = on.isPresent()
                        && (on.get().warn().isPresent() || on.get().error().isPresent());
                rules.add(new FieldRule(field, NOT_NULL, null, null, null, thresholds(nWarn, nError, mine)));
            }
            Optional<WarehouseConfig.AcceptedValues> da = d.map(WarehouseConfig.FieldRules::acceptedValues);
            Optional<WarehouseConfig.AcceptedValues> oa = o.map(WarehouseConfig.FieldRules::acceptedValues);
            Optional<List<String>> values = oa.flatMap(WarehouseConfig.AcceptedValues::values)
                    .or(() -> da.flatMap(WarehouseConfig.AcceptedValues::values));
            if (values.isPresent()) {
                boolean mine = oa.isPresent()
                        && (oa.get().values().isPresent()
                                || oa.get().warn().isPresent()
                                || oa.get().error().isPresent());
                rules.add(new FieldRule(
                        field,
                        ACCEPTED_VALUES,
                        values.get().stream().map(String::trim).toList(),
                        null,
                        null,
                        thresholds(
                                pick(
                                        oa.map(WarehouseConfig.AcceptedValues::warn),
                                        da.map(WarehouseConfig.AcceptedValues::warn)),
                                pick(
                                        oa.map(WarehouseConfig.AcceptedValues::error),
                                        da.map(WarehouseConfig.AcceptedValues::error)),
                                mine)));
            }
            Optional<WarehouseConfig.Range> dr = d.map(WarehouseConfig.FieldRules::range);
            Optional<WarehouseConfig.Range> or = o.map(WarehouseConfig.FieldRules::range);
            Optional<BigDecimal> min =
                    or.flatMap(WarehouseConfig.Range::min).or(() -> dr.flatMap(WarehouseConfig.Range::min));
            Optional<BigDecimal> max =
                    or.flatMap(WarehouseConfig.Range::max).or(() -> dr.flatMap(WarehouseConfig.Range::max));
            if (min.isPresent() || max.isPresent()) {
                boolean mine = or.isPresent()
                        && (or.get().min().isPresent()
                                || or.get().max().isPresent()
                                || or.get().warn().isPresent()
                                || or.get().error().isPresent());
                rules.add(new FieldRule(
                        field,
                        RANGE,
                        null,
                        min.orElse(null),
                        max.orElse(null),
                        thresholds(
                                pick(or.map(WarehouseConfig.Range::warn), dr.map(WarehouseConfig.Range::warn)),
                                pick(or.map(WarehouseConfig.Range::error), dr.map(WarehouseConfig.Range::error)),
                                mine)));
            }
        }
        return rules;
    }

    /** What the rule asks, for a note: e.g. {@code in [EUR, USD]}, {@code between 0 and 10000}. */
    String asked() {
        return switch (rule) {
            case NOT_NULL -> "null or missing";
            case ACCEPTED_VALUES -> "not one of " + values;
            default ->
                min == null
                        ? "above " + max.toPlainString() + " or not a number"
                        : max == null
                                ? "below " + min.toPlainString() + " or not a number"
                                : "outside [" + min.toPlainString() + ", " + max.toPlainString() + "] or not a number";
        };
    }

    private static OptionalDouble pick(Optional<OptionalDouble> own, Optional<OptionalDouble> dflt) {
        OptionalDouble o = own.orElse(OptionalDouble.empty());
        return o.isPresent() ? o : dflt.orElse(OptionalDouble.empty());
    }

    /** The thresholds; without a warn threshold a rule warns at 0 (any failing record). */
    private static Thresholds thresholds(OptionalDouble warn, OptionalDouble error, boolean mine) {
        return new Thresholds(
                warn.isPresent() ? warn.getAsDouble() : 0.0,
                error.isPresent() ? error.getAsDouble() : null,
                mine ? Thresholds.SOURCE : Thresholds.DEFAULT);
    }
}
