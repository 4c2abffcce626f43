package io.dailyetl.warehouse.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.dailyetl.contract.FieldLimits;
import io.dailyetl.warehouse.failure.InvalidInput;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps ingest's run history next to the loads: each report of a run replaces the stored one if it is newer
 * (higher {@code version}). A RUNNING run whose load expires (its replica stopped sending heartbeats) is marked
 * FAILED here, so history never shows a dead run as running forever.
 */
@ApplicationScoped
public class RunHistory {

    private static final Set<String> STATUSES = Set.of("RUNNING", "SUCCEEDED", "FAILED");
    private static final int MAX_TEXT = 4000;
    private static final int MAX_ATTEMPTS = 100;
    private static final String COLUMNS = "id, source, status, logical_date, trigger, started_at, finished_at, pages, "
            + "fetched, loaded, rejected, duplicates, retries, load_id, error, attempts::text, version, inserted, updated, "
            + "unchanged, pull::text";
    private static final int MAX_PULL = 4 * 1024;

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    RunHistory(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Stores a report of a run unless a newer one is stored; answers what is stored now. */
    public RunRecord report(UUID runId, RunRecord r) {
        validate(r);
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("""
                         insert into ingest_run (id, source, status, logical_date, trigger, started_at, finished_at, pages,
                             fetched, loaded, rejected, duplicates, retries, load_id, error, attempts, version, inserted,
                             updated, unchanged, pull, updated_at)
                         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, now())
                         on conflict (id) do update set source = excluded.source, status = excluded.status,
                             logical_date = excluded.logical_date, trigger = excluded.trigger,
                             started_at = excluded.started_at, finished_at = excluded.finished_at, pages = excluded.pages,
                             fetched = excluded.fetched, loaded = excluded.loaded, rejected = excluded.rejected,
                             duplicates = excluded.duplicates, retries = excluded.retries, load_id = excluded.load_id,
                             error = excluded.error, attempts = excluded.attempts, version = excluded.version,
                             inserted = excluded.inserted, updated = excluded.updated, unchanged = excluded.unchanged,
                             pull = excluded.pull, updated_at = now()
                         where ingest_run.version < excluded.version""")) {
                int i = 1;
                ps.setObject(i++, runId);
                ps.setString(i++, r.source());
                ps.setString(i++, r.status());
                ps.setObject(i++, r.logicalDate(), Types.DATE);
                ps.setString(i++, r.trigger());
                ps.setObject(i++, r.startedAt());
                ps.setObject(i++, r.finishedAt());
                ps.setInt(i++, n(r.pages()));
                ps.setLong(i++, n(r.fetched()));
                ps.setLong(i++, n(r.loaded()));
                ps.setLong(i++, n(r.rejected()));
                ps.setLong(i++, n(r.duplicates()));
                ps.setInt(i++, n(r.retries()));
                ps.setObject(i++, r.loadId());
                ps.setString(i++, r.error());
                ps.setString(i++, r.attempts() == null ? "[]" : r.attempts().toString());
                ps.setLong(i++, r.version());
                ps.setObject(i++, r.inserted(), Types.BIGINT);
                ps.setObject(i++, r.updated(), Types.BIGINT);
                ps.setObject(i++, r.unchanged(), Types.BIGINT);
                ps.setString(
                        i,
                        r.pull() == null || r.pull().isNull() ? null : r.pull().toString());
                ps.executeUpdate();
            }
            return find(runId).orElseThrow();
        });
    }

    public Optional<RunRecord> find(UUID runId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from ingest_run where id = ?")) {
                ps.setObject(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The most recent runs, newest first, optionally of one source. */
    public List<RunRecord> recent(String source, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from ingest_run "
                            + "where (?::text is null or source = ?::text) order by started_at desc limit ?")) {
                ps.setString(1, source);
                ps.setString(2, source);
                ps.setInt(3, limit);
                List<RunRecord> runs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runs.add(read(rs));
                    }
                }
                return runs;
            }
        });
    }

    /** Marks the RUNNING run of an expired load FAILED; called in the expiring transaction. */
    public static void loadExpired(Connection c, UUID loadId, String lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update ingest_run set status = 'FAILED', finished_at = now(), "
                + "updated_at = now(), error = ? where load_id = ? and status = 'RUNNING'")) {
            ps.setString(
                    1,
                    "its ingest replica stopped: load " + loadId + " expired without a batch or heartbeat within "
                            + "its lease (" + lease + ")");
            ps.setObject(2, loadId);
            ps.executeUpdate();
        }
    }

    private RunRecord read(ResultSet rs) throws SQLException {
        try {
            return new RunRecord(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getObject(4, LocalDate.class),
                    rs.getString(5),
                    rs.getObject(6, OffsetDateTime.class),
                    rs.getObject(7, OffsetDateTime.class),
                    rs.getInt(8),
                    rs.getLong(9),
                    rs.getLong(10),
                    rs.getLong(11),
                    rs.getLong(12),
                    rs.getInt(13),
                    rs.getObject(14, UUID.class),
                    rs.getString(15),
                    json.readTree(rs.getString(16)),
                    rs.getLong(17),
                    rs.getObject(18, Long.class),
                    rs.getObject(19, Long.class),
                    rs.getObject(20, Long.class),
                    rs.getString(21) == null ? null : json.readTree(rs.getString(21)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void validate(RunRecord r) {
        if (r == null) {
            throw InvalidInput.of(
                    "body", "expected a run: {\"source\",\"status\",\"trigger\",\"startedAt\",\"version\",…}");
        }
        if (r.source() == null || !FieldLimits.SOURCE.matcher(r.source()).matches()) {
            throw InvalidInput.of("source", "required: 1-64 letters, digits, '.', '_' or '-'");
        }
        if (r.status() == null || !STATUSES.contains(r.status())) {
            throw InvalidInput.of("status", "one of RUNNING, SUCCEEDED, FAILED");
        }
        if (r.trigger() == null || r.trigger().isBlank() || r.trigger().length() > 64) {
            throw InvalidInput.of("trigger", "required, at most 64 characters");
        }
        if (r.startedAt() == null) {
            throw InvalidInput.of("startedAt", "required");
        }
        if (r.version() == null || r.version() < 0) {
            throw InvalidInput.of("version", "required, not negative");
        }
        if (r.error() != null && (r.error().length() > MAX_TEXT || r.error().indexOf('\0') >= 0)) {
            throw InvalidInput.of("error", "at most " + MAX_TEXT + " characters, no NUL");
        }
        JsonNode attempts = r.attempts();
        String attemptsJson = attempts == null ? "" : attempts.toString();
        if (attempts != null
                && (!attempts.isArray()
                        || attempts.size() > MAX_ATTEMPTS
                        || attemptsJson.length() > 64 * 1024
                        || attemptsJson.contains("\\u0000"))) {
            throw InvalidInput.of("attempts", "an array of at most " + MAX_ATTEMPTS + " attempts (64 KiB)");
        }
        JsonNode pull = r.pull();
        if (pull != null
                && !pull.isNull()
                && (!pull.isObject()
                        || pull.toString().length() > MAX_PULL
                        || pull.toString().contains("\\u0000"))) {
            throw InvalidInput.of(
                    "pull", "an object of at most " + MAX_PULL / 1024 + " KiB (mode, since, before, watermarks)");
        }
        for (Number count : new Number[] {
            r.pages(),
            r.fetched(),
            r.loaded(),
            r.rejected(),
            r.duplicates(),
            r.retries(),
            r.inserted(),
            r.updated(),
            r.unchanged()
        }) {
            if (count != null && count.longValue() < 0) {
                throw InvalidInput.of("counts", "must not be negative");
            }
        }
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static int n(Integer v) {
        return v == null ? 0 : v;
    }
}
