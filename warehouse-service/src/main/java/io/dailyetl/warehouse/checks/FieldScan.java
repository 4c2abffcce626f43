package io.dailyetl.warehouse.checks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The field rules' and freshness's queries on a load's staging table: one scan that counts each rule's failing records
 * ({@code count(*) filter (where …)}) and finds the newest change time, then for a rule that failed any record one
 * query for up to {@value #SAMPLES} of their ids. Field paths, accepted values and bounds come from configuration:
 * they are bound as parameters, never written into the SQL; the staging table's name is the load's own.
 */
final class FieldScan {

    /** How many ids of failing records a rule keeps at most. */
    static final int SAMPLES = 20;

    /**
     * A number the staging text of an attribute may be read as (bounded so that the cast cannot overflow numeric);
     * anything else is not a number, and outside every range.
     */
    private static final String NUMBER = "'^[[:space:]]*[-+]?([0-9]{1,1000}([.][0-9]{0,1000})?|[.][0-9]{1,1000})"
            + "([eE][-+]?[0-9]{1,4})?[[:space:]]*$'";

    private FieldScan() {}

    /**
     * What the scan found: the staged records, the newest {@code created_at} (null for a load of nothing) and its age
     * in hours by the database's clock, and each rule's failing records, in the order of the rules.
     */
    record Scanned(long records, Instant newest, Double ageHours, long[] failing) {}

    /** Scans {@code table} once for {@code rules} and the newest change time. */
    static Scanned scan(Connection c, String table, List<FieldRule> rules) throws SQLException {
        Query q = new Query();
        StringBuilder select = new StringBuilder(
                "select count(*), max(created_at), extract(epoch from now() - max(created_at))::float8");
        for (FieldRule rule : rules) {
            select.append(", count(*) filter (where ").append(q.failing(rule)).append(')');
        }
        try (PreparedStatement ps = c.prepareStatement(select + " from " + q.from(table))) {
            q.bind(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long[] failing = new long[rules.size()];
                for (int i = 0; i < failing.length; i++) {
                    failing[i] = rs.getLong(4 + i);
                }
                Timestamp newest = rs.getTimestamp(2);
                return new Scanned(
                        rs.getLong(1),
                        newest == null ? null : newest.toInstant(),
                        rs.getObject(3) == null ? null : rs.getDouble(3) / 3600,
                        failing);
            }
        }
    }

    /** Up to {@value #SAMPLES} distinct ids of records in {@code table} that fail {@code rule}. */
    static List<String> samples(Connection c, String table, FieldRule rule) throws SQLException {
        Query q = new Query();
        String where = q.failing(rule);
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        try (PreparedStatement ps =
                c.prepareStatement("select id from " + q.from(table) + " where " + where + " limit " + SAMPLES)) {
            q.bindPathsFirst(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return List.copyOf(ids);
    }

    /** A parameter's value: a text array ({@code String[]}), a number ({@link BigDecimal}). */
    private static void set(Connection c, PreparedStatement ps, int i, Object value) throws SQLException {
        if (value instanceof String[] texts) {
            ps.setArray(i, c.createArrayOf("text", texts));
        } else {
            ps.setBigDecimal(i, (BigDecimal) value);
        }
    }

    /**
     * One query's text and parameters: the failing conditions (written first, in the select list or the where
     * clause) and the table with each attribute path read once as a column {@code a<n>} (the from clause).
     */
    private static final class Query {
        private final Map<List<String>, String> paths = new LinkedHashMap<>();
        private final List<Object> conditionParams = new ArrayList<>();

        /** The condition under which a record fails {@code rule}; null values fail only not-null. */
        String failing(FieldRule rule) {
            String v = value(rule);
            return switch (rule.rule()) {
                case FieldRule.NOT_NULL -> v + " is null";
                case FieldRule.ACCEPTED_VALUES -> {
                    conditionParams.add(rule.values().toArray(String[]::new));
                    yield v + " <> all (?::text[])";
                }
                default -> {
                    boolean numeric = rule.column() != null;
                    String n = numeric ? v : v + "::numeric";
                    List<String> outside = new ArrayList<>(2);
                    if (rule.min() != null) {
                        outside.add(n + " < ?::numeric");
                        conditionParams.add(rule.min());
                    }
                    if (rule.max() != null) {
                        outside.add(n + " > ?::numeric");
                        conditionParams.add(rule.max());
                    }
                    String out = "(" + String.join(" or ", outside) + ")";
                    yield numeric
                            ? out
                            : "(" + v + " is not null and case when " + v + " ~ " + NUMBER + " then " + out
                                    + " else true end)";
                }
            };
        }

        /** The staging table with each attribute path as a column, evaluated once per row. */
        String from(String table) {
            StringBuilder from = new StringBuilder("(select id, user_id, amount, status, created_at");
            for (String column : paths.values()) {
                from.append(", attributes #>> ?::text[] as ").append(column);
            }
            return from.append(" from ").append(table).append(" offset 0) s").toString();
        }

        /** Binds the paths' parameters, then the conditions' (conditions in the where clause, after the from). */
        void bindPathsFirst(Connection c, PreparedStatement ps) throws SQLException {
            int i = 1;
            for (List<String> path : paths.keySet()) {
                set(c, ps, i++, path.toArray(String[]::new));
            }
            for (Object p : conditionParams) {
                set(c, ps, i++, p);
            }
        }

        /** Binds the conditions' parameters, then the paths' (conditions in the select list, before the from). */
        void bind(Connection c, PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Object p : conditionParams) {
                set(c, ps, i++, p);
            }
            for (List<String> path : paths.keySet()) {
                set(c, ps, i++, path.toArray(String[]::new));
            }
        }

        private String value(FieldRule rule) {
            String column = rule.column();
            if (column != null) {
                return column;
            }
            return paths.computeIfAbsent(Arrays.asList(rule.path()), p -> "a" + paths.size());
        }
    }
}
