package io.dailyetl.warehouse.load;

import io.agroal.api.AgroalDataSource;
import io.dailyetl.common.ProblemException;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.run.RunHistory;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The load lifecycle (design 4.1): open with a lease, stage batches idempotently, commit atomically, abort,
 * expire. Locks on the ledger row keep it consistent across replicas: a batch holds {@code FOR KEY SHARE}
 * (batches of one load stage in parallel), commit and abort take {@code FOR UPDATE} (they wait for batches in
 * flight, and batches arriving after see the new status).
 */
@ApplicationScoped
public class LoadLedger {

    /** A source's name: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String UNIQUE_VIOLATION = "23505";
    /** Problem type of a commit refused because staged rows were lost. */
    public static final String STAGING_LOST = "urn:daily-etl:staging-lost";

    private final AgroalDataSource dataSource;
    private final WarehouseConfig config;
    private final LoadMetrics metrics;

    LoadLedger(AgroalDataSource dataSource, WarehouseConfig config, LoadMetrics metrics) {
        this.dataSource = dataSource;
        this.config = config;
        this.metrics = metrics;
    }

    /** Opens a load of {@code source}; 409 while another load of it is OPEN and its lease alive. */
    public LoadView open(String source, String runId) {
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw ProblemException.invalid("source", "required: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (runId != null && runId.length() > 128) {
            throw ProblemException.invalid("runId", "longer than 128 characters");
        }
        expireLapsed(source, null);
        try {
            LoadView view = QuarkusTransaction.requiringNew().call(() -> {
                Load alive = Load.find("source = ?1 and status = ?2", source, LoadStatus.OPEN).firstResult();
                if (alive != null) {
                    throw alreadyOpen(alive);
                }
                Load load = new Load();
                load.id = UUID.randomUUID();
                load.source = source;
                load.runId = runId;
                load.status = LoadStatus.OPEN;
                load.openedAt = OffsetDateTime.now();
                load.leaseExpiresAt = load.openedAt.plus(config.load().lease());
                load.persistAndFlush();
                try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                    st.execute("create unlogged table " + load.stagingTable() + " (seq integer not null, "
                            + "pos integer not null, id text collate \"C\" not null, user_id text not null, "
                            + "amount numeric not null, status text not null, created_at timestamptz not null, "
                            + "attributes jsonb not null) with (autovacuum_enabled = false)");
                }
                return LoadView.of(load);
            });
            metrics.opened.increment();
            Log.infof("load %s of %s opened (run %s)", view.loadId(), source, runId);
            return view;
        } catch (RuntimeException e) {
            if (hasSqlState(e, UNIQUE_VIOLATION)) {
                Load alive = Load.find("source = ?1 and status = ?2", source, LoadStatus.OPEN).firstResult();
                throw alive != null ? alreadyOpen(alive) : ProblemException.conflict("another load of " + source + " was opened at the same time");
            }
            throw e;
        }
    }

    /**
     * Stages one batch: renews the lease, then, in one transaction, replaces whatever an earlier send of this seq
     * staged and COPYs the records and rejects in.
     */
    public void stage(UUID loadId, StagedBatch batch) {
        renewLease(loadId);
        long started = System.nanoTime();
        QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                LoadStatus status = lockedStatus(c, loadId, "for key share");
                if (status != LoadStatus.OPEN) {
                    throw notOpen(loadId, status);
                }
                String table = Load.stagingTable(loadId);
                boolean replacing;
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into load_batch (load_id, seq, records, rejects, staged_at) values (?, ?, ?, ?, now())
                        on conflict (load_id, seq) do update
                            set records = excluded.records, rejects = excluded.rejects, staged_at = now()
                        returning xmax <> 0""")) {
                    ps.setObject(1, loadId);
                    ps.setInt(2, batch.seq());
                    ps.setInt(3, batch.records());
                    ps.setInt(4, batch.rejects().size());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        replacing = rs.getBoolean(1);
                    }
                }
                if (replacing) {
                    execute(c, "delete from " + table + " where seq = ?", batch.seq());
                    execute(c, "delete from quarantined_reject where load_id = ? and seq = ?", loadId, batch.seq());
                }
                if (batch.records() > 0) {
                    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table
                            + " (seq, pos, id, user_id, amount, status, created_at, attributes) from stdin");
                    copy.writeToCopy(batch.copyText(), 0, batch.copyText().length);
                    copy.endCopy();
                }
                insertRejects(c, loadId, batch);
            }
            return batch.seq();
        });
        metrics.batch.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        metrics.staged.increment(batch.records());
        metrics.quarantined.increment(batch.rejects().size());
    }

    /**
     * Commits a load in one transaction: the counts must match what the ledger says was staged, and every staged
     * row must still be there (else 409 and nothing changes), then staging is merged into {@code daily_snapshot}
     * and the load becomes COMMITTED. Staging tables are unlogged, so a PostgreSQL crash empties them while
     * {@code load_batch} survives: counting the rows themselves is what turns that into a 409 instead of a
     * load that silently misses the lost batches.
     */
    public CommitResult commit(UUID loadId, int batches, long records, long rejects) {
        long started = System.nanoTime();
        WarehouseConfig.Commit limits = config.commit();
        CommitResult result;
        try {
            result = QuarkusTransaction.requiringNew().timeout(seconds(limits.timeout())).call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    LoadStatus status = lockForChange(c, loadId);
                    if (status != LoadStatus.OPEN) {
                        throw notOpen(loadId, status);
                    }
                    long[] staged = stagedCounts(c, loadId);
                    if (staged[0] != batches || staged[1] != records || staged[2] != rejects) {
                        throw ProblemException.conflict(("load %s: the commit says %d batches, %d records, %d rejects "
                                + "but %d batches, %d records, %d rejects are staged; nothing was merged and the load "
                                + "stays OPEN").formatted(loadId, batches, records, rejects, staged[0], staged[1], staged[2]));
                    }
                    checkNothingLost(c, loadId, staged[1], staged[2]);
                    try (Statement st = c.createStatement()) {
                        st.execute("set local work_mem = '" + config.merge().workMem().replace("'", "") + "'");
                        st.execute("set local statement_timeout = " + Math.max(1, limits.timeout().toMillis()));
                    }
                    SnapshotMerger.Merged merged;
                    try {
                        merged = SnapshotMerger.merge(c, loadId, Load.stagingTable(loadId), limits.lockWait());
                    } catch (SnapshotMerger.MergeBusy busy) {
                        metrics.mergeBusy.increment();
                        throw new ProblemException(503, "urn:daily-etl:merge-busy", "Service unavailable", busy.getMessage(), null);
                    }
                    execute(c, "drop table " + Load.stagingTable(loadId));
                    long unchanged = merged.distinct() - merged.inserted() - merged.updated();
                    long duplicates = records - merged.distinct();
                    Load load = Load.findById(loadId);
                    load.status = LoadStatus.COMMITTED;
                    load.finishedAt = OffsetDateTime.now();
                    load.batches = batches;
                    load.records = records;
                    load.rejects = rejects;
                    load.inserted = merged.inserted();
                    load.updated = merged.updated();
                    load.unchanged = unchanged;
                    load.duplicates = duplicates;
                    return new CommitResult(LoadStatus.COMMITTED, merged.inserted(), merged.updated(), unchanged,
                            duplicates, rejects);
                }
            });
        } catch (LeaseLapsed e) {
            expireLapsed(null, loadId);
            throw notOpen(loadId, LoadStatus.EXPIRED);
        }
        metrics.commit.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        metrics.committed.increment();
        metrics.inserted.increment(result.inserted());
        metrics.updated.increment(result.updated());
        metrics.unchanged.increment(result.unchanged());
        metrics.duplicates.increment(result.duplicates());
        Log.infof("load %s committed: %d records, %d rejects -> %d inserted, %d updated, %d unchanged, %d duplicates in %d ms",
                loadId, records, rejects, result.inserted(), result.updated(), result.unchanged(), result.duplicates(),
                (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    /**
     * 409 {@code urn:daily-etl:staging-lost} naming the batches whose staged rows are not all there (the ledger
     * says {@code records} rows and {@code rejects} rejects were staged).
     */
    private void checkNothingLost(Connection c, UUID loadId, long records, long rejects) throws SQLException {
        String table = Load.stagingTable(loadId);
        long rows = count(c, "select count(*) from " + table);
        long quarantined = count(c, "select count(*) from quarantined_reject where load_id = ?", loadId);
        if (rows == records && quarantined == rejects) {
            return;
        }
        List<Integer> lost = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select b.seq from load_batch b left join (select seq, count(*) n "
                + "from " + table + " group by seq) s on s.seq = b.seq where b.load_id = ? and b.records <> coalesce(s.n, 0) "
                + "order by b.seq")) {
            ps.setObject(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lost.add(rs.getInt(1));
                }
            }
        }
        String seqs = lost.size() <= 20 ? lost.toString()
                : lost.subList(0, 20).toString().replace("]", ", …]");
        ProblemException refused = new ProblemException(409, STAGING_LOST, "Staged data lost", ("load %s: %d of %d "
                + "staged records are missing (batches %s; %d of %d rejects present): PostgreSQL restarted since they "
                + "were staged and emptied the unlogged staging table. Nothing was merged; abort this load and load the "
                + "data again.").formatted(loadId, records - rows, records, seqs, quarantined, rejects), null);
        metrics.stagingLost.increment();
        Log.errorf("load %s cannot commit: %s", loadId, refused.getMessage());
        throw refused;
    }

    /** Aborts a load and discards what it staged; aborting an ABORTED load again is fine, a COMMITTED one is not. */
    public LoadStatus abort(UUID loadId) {
        boolean changed = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                LoadStatus status = lockedStatus(c, loadId, "for update");
                if (status == LoadStatus.COMMITTED) {
                    throw notOpen(loadId, status);
                }
                if (status == LoadStatus.ABORTED) {
                    return false;
                }
                discard(c, loadId);
                Load load = Load.findById(loadId);
                load.status = LoadStatus.ABORTED;
                load.finishedAt = OffsetDateTime.now();
                return true;
            }
        });
        if (changed) {
            metrics.aborted.increment();
            Log.infof("load %s aborted; its staged data was discarded", loadId);
        }
        return LoadStatus.ABORTED;
    }

    /**
     * Extends an OPEN load's lease (a sign of life from its sender between batches); 409 if the load is not OPEN
     * or its lease already ran out.
     */
    public LoadView heartbeat(UUID loadId) {
        renewLease(loadId);
        metrics.heartbeats.increment();
        return QuarkusTransaction.requiringNew().call(() -> LoadView.of(Load.<Load>findById(loadId)));
    }

    /** A load with, while it is OPEN, what has been staged so far. */
    public LoadView get(UUID loadId) {
        expireLapsed(null, loadId);
        return QuarkusTransaction.requiringNew().call(() -> {
            Load load = Load.findById(loadId);
            if (load == null) {
                throw noSuchLoad(loadId);
            }
            return withStaged(load);
        });
    }

    /** The most recent loads, newest first, optionally of one source. */
    public List<LoadView> list(String source, int limit) {
        expireLapsed(source, null);
        return QuarkusTransaction.requiringNew().call(() -> {
            Sort newestFirst = Sort.descending("openedAt");
            List<Load> loads = source == null
                    ? Load.findAll(newestFirst).page(Page.ofSize(limit)).list()
                    : Load.find("source", newestFirst, source).page(Page.ofSize(limit)).list();
            List<LoadView> views = new ArrayList<>(loads.size());
            for (Load load : loads) {
                views.add(withStaged(load));
            }
            return views;
        });
    }

    /** A page of a load's quarantined rejects. */
    public RejectPage rejects(UUID loadId, int limit, int offset) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (Load.findById(loadId) == null) {
                throw noSuchLoad(loadId);
            }
            try (Connection c = dataSource.getConnection()) {
                long total = count(c, "select count(*) from quarantined_reject where load_id = ?", loadId);
                List<RejectPage.Item> items = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select seq, position, page, reason, raw::text "
                        + "from quarantined_reject where load_id = ? order by seq, position limit ? offset ?")) {
                    ps.setObject(1, loadId);
                    ps.setInt(2, limit);
                    ps.setInt(3, offset);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            items.add(new RejectPage.Item(rs.getInt(1), rs.getInt(2), (Integer) rs.getObject(3),
                                    rs.getString(4), rs.getString(5)));
                        }
                    }
                }
                return new RejectPage(loadId, total, limit, offset, items);
            }
        });
    }

    /**
     * Marks OPEN loads whose lease ran out as EXPIRED and drops what they staged; all of them, or only those of
     * one source, or one load. Uses the database clock, which every replica shares.
     */
    public int expireLapsed(String source, UUID loadId) {
        List<UUID> expired = QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> ids = new ArrayList<>();
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("""
                         update load_ledger set status = 'EXPIRED', finished_at = now()
                         where status = 'OPEN' and lease_expires_at < now()
                           and (?::text is null or source = ?::text) and (?::uuid is null or id = ?::uuid)
                         returning id""")) {
                ps.setString(1, source);
                ps.setString(2, source);
                ps.setObject(3, loadId);
                ps.setObject(4, loadId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
                for (UUID id : ids) {
                    discard(c, id);
                    RunHistory.loadExpired(c, id, config.load().lease().toString());
                }
            }
            return ids;
        });
        for (UUID id : expired) {
            metrics.expired.increment();
            Log.infof("load %s expired: no batch within its lease of %s; its staged data was discarded", id,
                    config.load().lease());
        }
        return expired.size();
    }

    /**
     * Extends an OPEN, unexpired load's lease to a full {@code warehouse.load.lease} from now, but writes the ledger
     * row only when the lease was last extended more than a step (a tenth of the lease, at most a minute) ago: a
     * thousand batches then leave a few row versions behind instead of a thousand, which every later batch's lookup
     * of the row would have to step over.
     */
    private void renewLease(UUID loadId) {
        double lease = config.load().lease().toMillis() / 1000.0;
        double step = Math.min(60.0, lease / 10);
        long open = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("""
                         with open as (
                             select id, lease_expires_at from load_ledger
                             where id = ? and status = 'OPEN' and lease_expires_at >= now()
                         ), renewed as (
                             update load_ledger l set lease_expires_at = now() + make_interval(secs => ?)
                             from open o
                             where l.id = o.id and o.lease_expires_at < now() + make_interval(secs => ?)
                             returning 1
                         )
                         select count(*) from open""")) {
                ps.setObject(1, loadId);
                ps.setDouble(2, lease);
                ps.setDouble(3, lease - step);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        if (open == 0) {
            if (expireLapsed(null, loadId) > 0) {
                throw notOpen(loadId, LoadStatus.EXPIRED);
            }
            Load load = QuarkusTransaction.requiringNew().call(() -> Load.<Load>findById(loadId));
            throw load == null ? noSuchLoad(loadId) : notOpen(loadId, load.status);
        }
    }

    private LoadStatus lockForChange(Connection c, UUID loadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select status, lease_expires_at < now() from load_ledger where id = ? for update")) {
            ps.setObject(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw noSuchLoad(loadId);
                }
                LoadStatus status = LoadStatus.valueOf(rs.getString(1));
                if (status == LoadStatus.OPEN && rs.getBoolean(2)) {
                    throw new LeaseLapsed();
                }
                return status;
            }
        }
    }

    private static LoadStatus lockedStatus(Connection c, UUID loadId, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select status from load_ledger where id = ? " + lock)) {
            ps.setObject(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw noSuchLoad(loadId);
                }
                return LoadStatus.valueOf(rs.getString(1));
            }
        }
    }

    private LoadView withStaged(Load load) throws SQLException {
        LoadView view = LoadView.of(load);
        if (load.status != LoadStatus.OPEN) {
            return view;
        }
        try (Connection c = dataSource.getConnection()) {
            long[] staged = stagedCounts(c, load.id);
            return view.withStaged((int) staged[0], staged[1], staged[2]);
        }
    }

    private static long[] stagedCounts(Connection c, UUID loadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*), coalesce(sum(records), 0), "
                + "coalesce(sum(rejects), 0) from load_batch where load_id = ?")) {
            ps.setObject(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    private static void discard(Connection c, UUID loadId) throws SQLException {
        execute(c, "drop table if exists " + Load.stagingTable(loadId));
        execute(c, "delete from quarantined_reject where load_id = ?", loadId);
    }

    private static void insertRejects(Connection c, UUID loadId, StagedBatch batch) throws SQLException {
        if (batch.rejects().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into quarantined_reject "
                + "(load_id, seq, position, page, reason, raw) values (?, ?, ?, ?, ?, ?::jsonb)")) {
            for (StagedBatch.Reject r : batch.rejects()) {
                ps.setObject(1, loadId);
                ps.setInt(2, batch.seq());
                ps.setInt(3, r.position());
                ps.setObject(4, r.page());
                ps.setString(5, r.reason());
                ps.setString(6, r.rawJson());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The single number a {@code select count(*)} answers. */
    private static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }

    private static int seconds(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toSeconds()));
    }

    private static boolean hasSqlState(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static ProblemException alreadyOpen(Load alive) {
        return ProblemException.conflict("load %s of %s is OPEN (run %s); its lease runs until %s"
                .formatted(alive.id, alive.source, alive.runId, alive.leaseExpiresAt));
    }

    private static ProblemException notOpen(UUID loadId, LoadStatus status) {
        return ProblemException.conflict("load " + loadId + " is " + status + ", not OPEN");
    }

    static ProblemException noSuchLoad(UUID loadId) {
        return ProblemException.notFound("no load " + loadId);
    }

    /** Raised inside the commit transaction so that it rolls back before the load is expired. */
    private static final class LeaseLapsed extends RuntimeException {
        LeaseLapsed() {
            super(null, null, false, false);
        }
    }
}
