package io.dailyetl.warehouse.checks;

import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.jdbc.Sql;
import io.dailyetl.warehouse.staging.StagingTables;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The data checks of a load (docs/checks.md), judged where the data is, set-based, in the commit's transaction
 * before its merge: reject share, duplicate share on the staging table, volume against the median of the source's
 * latest committed loads in {@code load_ledger}, and where configured freshness and the field rules, all of them in
 * one scan of the staging table ({@link FieldScan}). Each result is counted in {@code warehouse_checks_total}
 * and kept in {@code load_check}.
 */
@ApplicationScoped
public class LoadChecks {

    static final String REJECT_SHARE = "reject-share";
    static final String DUPLICATE_SHARE = "duplicate-share";
    static final String VOLUME = "volume";
    static final String FRESHNESS = "freshness";

    private final WarehouseConfig config;
    private final MeterRegistry registry;

    LoadChecks(WarehouseConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** One check's result and the scope of the thresholds that applied ({@code default} or {@code source}). */
    public record Judged(CheckResult result, String scope) {}

    /**
     * Judges the OPEN load {@code loadId} of {@code source} with {@code records} staged and {@code rejects}
     * quarantined, on {@code c} (its staging table must still be there).
     */
    public List<Judged> judge(Connection c, UUID loadId, String source, long records, long rejects)
            throws SQLException {
        WarehouseConfig.Checks checks = config.checks();
        if (!checks.enabled()) {
            return List.of();
        }
        long fetched = records + rejects;
        List<Judged> judged = new ArrayList<>();
        judged.add(share(REJECT_SHARE, Thresholds.rejectShare(checks, source), rejects, fetched));
        long duplicates = records == 0
                ? 0
                : Sql.count(c, "select count(*) - count(distinct id) from " + StagingTables.table(loadId));
        judged.add(share(DUPLICATE_SHARE, Thresholds.duplicateShare(checks, source), duplicates, records));
        judged.add(volume(c, source, fetched, checks));
        Thresholds fresh = Thresholds.freshness(checks, source);
        List<FieldRule> rules = FieldRule.of(checks, source);
        if (fresh != null || !rules.isEmpty()) {
            String table = StagingTables.table(loadId);
            FieldScan.Scanned scanned = records == 0 ? null : FieldScan.scan(c, table, rules);
            if (fresh != null) {
                judged.add(freshness(fresh, scanned));
            }
            for (int i = 0; i < rules.size(); i++) {
                judged.add(field(c, table, rules.get(i), scanned, i));
            }
        }
        for (Judged j : judged) {
            counter(j.result()).increment();
        }
        return judged;
    }

    /** Refuses with {@link ChecksFailed} if any of {@code judged} is an ERROR. */
    public static void refuseOnError(UUID loadId, List<Judged> judged) {
        List<CheckResult> failed = judged.stream()
                .map(Judged::result)
                .filter(r -> CheckResult.ERROR.equals(r.outcome()))
                .toList();
        if (!failed.isEmpty()) {
            throw new ChecksFailed(loadId, failed);
        }
    }

    /** Keeps every result of a commit's checks in {@code load_check}, on {@code c}. */
    public static void keep(Connection c, UUID loadId, List<Judged> judged) throws SQLException {
        if (judged.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into load_check (load_id, check_name, scope, observed, "
                + "warn, error, outcome, note, field, samples) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Judged j : judged) {
                CheckResult r = j.result();
                ps.setObject(1, loadId);
                ps.setString(2, r.check());
                ps.setString(3, j.scope());
                setDouble(ps, 4, r.observed());
                setDouble(ps, 5, r.warn());
                setDouble(ps, 6, r.error());
                ps.setString(7, r.outcome());
                ps.setString(8, r.note());
                ps.setString(9, r.field());
                if (r.samples() == null) {
                    ps.setNull(10, Types.ARRAY);
                } else {
                    ps.setArray(10, c.createArrayOf("text", r.samples().toArray()));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The results of the latest judgement of a load, in the order judged: the commit's, or the last refused one's of
     * a load still OPEN or since aborted; empty if it was never judged.
     */
    public static List<CheckResult> latest(Connection c, UUID loadId) throws SQLException {
        List<CheckResult> results = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select check_name, field, outcome, observed, warn, error, "
                + "note, samples from load_check where load_id = ? and evaluated_at = "
                + "(select max(evaluated_at) from load_check where load_id = ?) order by id")) {
            ps.setObject(1, loadId);
            ps.setObject(2, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array samples = rs.getArray(8);
                    results.add(new CheckResult(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            (Double) rs.getObject(4),
                            (Double) rs.getObject(5),
                            (Double) rs.getObject(6),
                            rs.getString(7),
                            samples == null ? null : List.of((String[]) samples.getArray())));
                }
            }
        }
        return results;
    }

    /** A share above its error threshold is an ERROR, above its warn threshold a WARN; a load of nothing passes. */
    private static Judged share(String check, Thresholds t, long part, long whole) {
        double observed = whole == 0 ? 0 : (double) part / whole;
        return new Judged(
                new CheckResult(check, outcome(observed, t), observed, t.warn(), t.error(), part + " of " + whole),
                t.scope());
    }

    /**
     * The age in hours of the newest change time ({@code createdAt}) among the load's records: older than the error
     * threshold an ERROR, than the warn one a WARN; a load of nothing passes with no observed value.
     */
    private static Judged freshness(Thresholds t, FieldScan.Scanned scanned) {
        if (scanned == null || scanned.newest() == null) {
            return new Judged(
                    new CheckResult(
                            FRESHNESS,
                            CheckResult.PASS,
                            null,
                            t.warn(),
                            t.error(),
                            "a load of nothing: no change time"),
                    t.scope());
        }
        double age = Math.round(scanned.ageHours() * 1000) / 1000.0;
        String outcome = t.error() != null && age > t.error()
                ? CheckResult.ERROR
                : t.warn() != null && age > t.warn() ? CheckResult.WARN : CheckResult.PASS;
        String note = "the newest createdAt, " + scanned.newest() + ", is " + age + " h old";
        return new Judged(new CheckResult(FRESHNESS, outcome, age, t.warn(), t.error(), note), t.scope());
    }

    /**
     * The share of the load's records that fail {@code rule} ({@code scanned.failing()[index]}; a load of nothing:
     * 0), judged as a share, with up to 20 ids of failing records.
     */
    private static Judged field(Connection c, String table, FieldRule rule, FieldScan.Scanned scanned, int index)
            throws SQLException {
        long failing = scanned == null ? 0 : scanned.failing()[index];
        long whole = scanned == null ? 0 : scanned.records();
        double observed = whole == 0 ? 0 : (double) failing / whole;
        Thresholds t = rule.thresholds();
        List<String> samples = failing == 0 ? List.of() : FieldScan.samples(c, table, rule);
        String note = failing + " of " + whole + " records have " + rule.field() + " " + rule.asked();
        return new Judged(
                new CheckResult(
                        rule.rule(), rule.field(), outcome(observed, t), observed, t.warn(), t.error(), note, samples),
                t.scope());
    }

    /** A share above the error threshold is an ERROR, above the warn threshold a WARN, else a PASS. */
    private static String outcome(double share, Thresholds t) {
        return t.error() != null && share > t.error()
                ? CheckResult.ERROR
                : t.warn() != null && share > t.warn() ? CheckResult.WARN : CheckResult.PASS;
    }

    /**
     * The load's records + rejects as a ratio of the median of the source's latest {@code volume.runs} committed
     * loads: below the error threshold an ERROR, below the warn one a WARN. Without history the ratio passes with no
     * observed value; fewer than {@code volume.min} is an ERROR either way.
     */
    private static Judged volume(Connection c, String source, long fetched, WarehouseConfig.Checks checks)
            throws SQLException {
        Thresholds t = Thresholds.volume(checks, source);
        int runs = Thresholds.volumeRuns(checks, source);
        OptionalLong min = Thresholds.volumeMin(checks, source);
        long loads;
        Double median;
        try (PreparedStatement ps = c.prepareStatement("select count(*), percentile_cont(0.5) within group "
                + "(order by fetched) from (select records + rejects as fetched from load_ledger "
                + "where source = ? and status = 'COMMITTED' order by finished_at desc limit ?) latest")) {
            ps.setString(1, source);
            ps.setInt(2, runs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                loads = rs.getLong(1);
                median = (Double) rs.getObject(2);
            }
        }
        Double ratio = median == null || median == 0 ? null : fetched / median;
        String outcome;
        String note;
        if (ratio == null) {
            outcome = CheckResult.PASS;
            note = loads == 0
                    ? "no committed load of the source yet: nothing to compare " + fetched + " records with"
                    : "the median of the last " + loads + " committed loads is 0";
        } else {
            outcome = t.error() != null && ratio < t.error()
                    ? CheckResult.ERROR
                    : t.warn() != null && ratio < t.warn() ? CheckResult.WARN : CheckResult.PASS;
            note = fetched + " records against a median of " + median + " over the last " + loads + " committed loads";
        }
        if (min.isPresent() && fetched < min.getAsLong()) {
            outcome = CheckResult.ERROR;
            note = fetched + " records, fewer than the minimum " + min.getAsLong() + "; " + note;
        }
        return new Judged(new CheckResult(VOLUME, outcome, ratio, t.warn(), t.error(), note), t.scope());
    }

    private Counter counter(CheckResult r) {
        return Counter.builder("warehouse.checks")
                .tag("check", r.check())
                .tag("outcome", r.outcome())
                .description("Data checks of loads by check and outcome")
                .register(registry);
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }
}
