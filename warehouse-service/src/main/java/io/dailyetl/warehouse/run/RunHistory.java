package io.dailyetl.warehouse.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.agroal.api.AgroalDataSource;
import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.runs.ErrorKind;
import io.dailyetl.contract.runs.RunReport;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import io.dailyetl.warehouse.notify.Streaks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps ingest's run history next to the loads: each report of a run replaces the stored one if it is newer
 * (higher {@code version}). A RUNNING run whose load expires (its replica stopped sending heartbeats) is marked
 * FAILED here, so history never shows a dead run as running forever.
 */
@ApplicationScoped
public class RunHistory {

    private static final String COLUMNS = "id, source, status, logical_date, trigger, started_at, finished_at, pages, "
            + "fetched, loaded, rejected, duplicates, retries, load_id, error, attempts::text, version, inserted, updated, "
            + "unchanged, pull::text, error_kind, error_transient, " + checksOfLoad() + ", trace_id";

    private static final TypeReference<List<CheckResult>> CHECKS = new TypeReference<>() {};

    private final AgroalDataSource dataSource;
    private final RunReports reports;
    private final Streaks streaks;
    private final ObjectReader checks;

    RunHistory(AgroalDataSource dataSource, ObjectMapper json, Streaks streaks) {
        this.dataSource = dataSource;
        this.reports = new RunReports(json);
        this.streaks = streaks;
        this.checks = json.readerFor(CHECKS).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Stores the report of a run in {@code body} unless a newer one is stored; answers what is stored now. Refuses
     * an invalid report naming the field at fault. A report that moves the stored run into FAILED or SUCCEEDED
     * records what that tells ({@link Streaks}) in the same transaction, with the source's streak locked: a stale
     * report the version ignores, or a replayed one, moves nothing and records nothing.
     */
    public RunReport report(UUID runId, JsonNode body) throws IOException {
        RunReport report = reports.read(body);
        RunView r = report.run();
        boolean ending = r.status() != RunStatus.RUNNING;
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                Streaks.Locked streak = ending ? streaks.lock(c, Streaks.sourceSubject(report.source())) : null;
                RunStatus before = ending ? storedStatus(c, runId) : null;
                boolean stored = store(c, runId, report);
                RunReport now = find(runId).orElseThrow();
                if (ending && stored && before != r.status() && now.run().status() == r.status()) {
                    if (r.status() == RunStatus.FAILED) {
                        streaks.runFailed(c, streak, now);
                    } else {
                        streaks.runSucceeded(c, streak, now);
                    }
                }
                return now;
            }
        });
    }

    private static RunStatus storedStatus(Connection c, UUID runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select status from ingest_run where id = ?")) {
            ps.setObject(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? RunStatus.valueOf(rs.getString(1)) : null;
            }
        }
    }

    /** Upserts the report unless a newer version is stored; answers whether it was stored. */
    private boolean store(Connection c, UUID runId, RunReport report) throws SQLException {
        RunView r = report.run();
        try (PreparedStatement ps = c.prepareStatement("""
                         insert into ingest_run (id, source, status, logical_date, trigger, started_at, finished_at, pages,
                             fetched, loaded, rejected, duplicates, retries, load_id, error, attempts, version, inserted,
                             updated, unchanged, pull, error_kind, error_transient, trace_id, updated_at)
                         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, now())
                         on conflict (id) do update set source = excluded.source, status = excluded.status,
                             logical_date = excluded.logical_date, trigger = excluded.trigger,
                             started_at = excluded.started_at, finished_at = excluded.finished_at, pages = excluded.pages,
                             fetched = excluded.fetched, loaded = excluded.loaded, rejected = excluded.rejected,
                             duplicates = excluded.duplicates, retries = excluded.retries, load_id = excluded.load_id,
                             error = excluded.error, attempts = excluded.attempts, version = excluded.version,
                             inserted = excluded.inserted, updated = excluded.updated, unchanged = excluded.unchanged,
                             pull = excluded.pull, error_kind = excluded.error_kind,
                             error_transient = excluded.error_transient,
                             trace_id = coalesce(excluded.trace_id, ingest_run.trace_id), updated_at = now()
                         where ingest_run.version < excluded.version""")) {
            int i = 1;
            ps.setObject(i++, runId);
            ps.setString(i++, report.source());
            ps.setString(i++, r.status().name());
            ps.setObject(i++, r.logicalDate(), Types.DATE);
            ps.setString(i++, r.trigger());
            ps.setObject(i++, utc(r.startedAt()));
            ps.setObject(i++, utc(r.finishedAt()));
            ps.setInt(i++, r.pages());
            ps.setLong(i++, r.fetched());
            ps.setLong(i++, r.loaded());
            ps.setLong(i++, r.rejected());
            ps.setLong(i++, r.duplicates());
            ps.setInt(i++, r.retries());
            ps.setObject(i++, r.loadId());
            ps.setString(i++, r.error());
            ps.setString(i++, reports.attemptsJson(r.attempts()));
            ps.setLong(i++, report.version());
            ps.setObject(i++, r.inserted(), Types.BIGINT);
            ps.setObject(i++, r.updated(), Types.BIGINT);
            ps.setObject(i++, r.unchanged(), Types.BIGINT);
            ps.setString(i++, reports.pullJson(r.pull()));
            ps.setString(i++, r.errorKind() == null ? null : r.errorKind().name());
            ps.setObject(i++, r.errorTransient(), Types.BOOLEAN);
            ps.setString(i, r.traceId());
            return ps.executeUpdate() == 1;
        }
    }

    public Optional<RunReport> find(UUID runId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("select " + COLUMNS + " from ingest_run r where id = ?")) {
                ps.setObject(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The most recent runs, newest first, optionally of one source. */
    public List<RunReport> recent(String source, int limit) {
        return recent(source, null, null, null, limit, 0);
    }

    /**
     * A page of the runs, newest first: of one source ({@code source} null: of any), one status (null: any), started
     * at or after {@code since} and before {@code before} (null: unbounded); {@code limit} of them after skipping
     * {@code offset}.
     */
    public List<RunReport> recent(
            String source, RunStatus status, Instant since, Instant before, int limit, int offset) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from ingest_run r "
                            + "where (?::text is null or source = ?::text) and (?::text is null or status = ?::text) "
                            + "and (?::timestamptz is null or started_at >= ?::timestamptz) "
                            + "and (?::timestamptz is null or started_at < ?::timestamptz) "
                            + "order by started_at desc, id limit ? offset ?")) {
                String s = status == null ? null : status.name();
                OffsetDateTime from = since == null ? null : since.atOffset(ZoneOffset.UTC);
                OffsetDateTime to = before == null ? null : before.atOffset(ZoneOffset.UTC);
                ps.setString(1, source);
                ps.setString(2, source);
                ps.setString(3, s);
                ps.setString(4, s);
                ps.setObject(5, from);
                ps.setObject(6, from);
                ps.setObject(7, to);
                ps.setObject(8, to);
                ps.setInt(9, limit);
                ps.setInt(10, offset);
                List<RunReport> runs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runs.add(read(rs));
                    }
                }
                return runs;
            }
        });
    }

    /**
     * Marks the RUNNING run of an expired load FAILED, and records what that tells ({@link Streaks#runFailed}), on
     * {@code c}: called in the expiring transaction. The source's streak is locked before the run's row, in the
     * order a report of the run takes them.
     */
    public void loadExpired(Connection c, UUID loadId, String lease) throws SQLException {
        List<String> sources = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select distinct source from ingest_run where load_id = ? and status = 'RUNNING' order by source")) {
            ps.setObject(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sources.add(rs.getString(1));
                }
            }
        }
        for (String source : sources) {
            Streaks.Locked streak = streaks.lock(c, Streaks.sourceSubject(source));
            List<UUID> failed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("update ingest_run set status = 'FAILED', "
                    + "finished_at = now(), updated_at = now(), error = ? "
                    + "where load_id = ? and source = ? and status = 'RUNNING' returning id")) {
                ps.setString(
                        1,
                        "its ingest replica stopped: load " + loadId + " expired without a batch or heartbeat within "
                                + "its lease (" + lease + ")");
                ps.setObject(2, loadId);
                ps.setString(3, source);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        failed.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            for (UUID runId : failed) {
                streaks.runFailed(c, streak, find(runId).orElseThrow());
            }
        }
    }

    /**
     * The results of the latest judgement of the run's load, as a JSON array (null: none), in one query with the run:
     * every column of {@code load_check} but its keys, so that results gain the members a later check adds.
     */
    private static String checksOfLoad() {
        return """
                (select json_agg(jsonb_build_object('check', lc.check_name)
                        || (to_jsonb(lc) - 'id' - 'load_id' - 'check_name' - 'scope' - 'evaluated_at') order by lc.id)::text
                 from load_check lc
                 where lc.load_id = r.load_id
                   and lc.evaluated_at = (select max(m.evaluated_at) from load_check m where m.load_id = r.load_id))""";
    }

    private RunReport read(ResultSet rs) throws SQLException {
        RunView run = new RunView(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                RunStatus.valueOf(rs.getString(3)),
                rs.getObject(4, LocalDate.class),
                rs.getString(5),
                instant(rs.getObject(6, OffsetDateTime.class)),
                instant(rs.getObject(7, OffsetDateTime.class)),
                rs.getInt(8),
                rs.getLong(9),
                rs.getLong(10),
                rs.getLong(11),
                rs.getLong(12),
                rs.getInt(13),
                rs.getObject(14, UUID.class),
                rs.getString(15),
                reports.attempts(rs.getString(16)),
                rs.getString(25),
                rs.getObject(18, Long.class),
                rs.getObject(19, Long.class),
                rs.getObject(20, Long.class),
                reports.pull(rs.getString(21)),
                errorKind(rs.getString(22)),
                rs.getObject(23, Boolean.class),
                checks(rs.getString(24)));
        return new RunReport(run, rs.getLong(17));
    }

    private List<CheckResult> checks(String stored) {
        try {
            return stored == null ? List.of() : checks.readValue(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored kind; one this version does not know (written by a newer one) reads as none. */
    private static ErrorKind errorKind(String stored) {
        return Arrays.stream(ErrorKind.values())
                .filter(k -> k.name().equals(stored))
                .findFirst()
                .orElse(null);
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
