package io.dailyetl.warehouse.lifecycle;

import io.agroal.api.AgroalDataSource;
import io.dailyetl.contract.FieldLimits;
import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.loads.CommitLoad;
import io.dailyetl.contract.loads.CommitResult;
import io.dailyetl.contract.loads.LoadStatus;
import io.dailyetl.contract.loads.LoadView;
import io.dailyetl.contract.loads.OpenLoad;
import io.dailyetl.warehouse.checks.ChecksFailed;
import io.dailyetl.warehouse.checks.LoadChecks;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.failure.InvalidInput;
import io.dailyetl.warehouse.jdbc.Sql;
import io.dailyetl.warehouse.staging.QuarantinedRejects;
import io.dailyetl.warehouse.staging.StagedBatch;
import io.dailyetl.warehouse.staging.StagingTables;
import io.dailyetl.warehouse.watermark.SourceWatermarks;
import io.dailyetl.warehouse.watermark.WatermarkGauges;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The load lifecycle: open with a lease, stage batches idempotently, commit atomically, abort. Locks on the ledger
 * row keep it consistent across replicas: a batch holds {@code FOR KEY SHARE} (batches of one load stage in
 * parallel), commit and abort take {@code FOR UPDATE} (they wait for batches in flight, and batches arriving after
 * see the new status).
 */
@ApplicationScoped
public class LoadLifecycle {

    private final AgroalDataSource dataSource;

    private final WarehouseConfig config;
    private final LoadMetrics metrics;
    private final LoadLease lease;
    private final LoadCommitter committer;
    private final WatermarkGauges gauges;
    private final LoadChecks checks;

    LoadLifecycle(
            AgroalDataSource dataSource,
            WarehouseConfig config,
            LoadMetrics metrics,
            LoadLease lease,
            LoadCommitter committer,
            WatermarkGauges gauges,
            LoadChecks checks) {
        this.dataSource = dataSource;
        this.config = config;
        this.metrics = metrics;
        this.lease = lease;
        this.committer = committer;
        this.gauges = gauges;
        this.checks = checks;
    }

    /**
     * Opens a load of the request's source; {@link LoadAlreadyOpen} while another load of it is OPEN and its lease
     * alive.
     */
    public LoadView open(OpenLoad request) {
        if (request == null) {
            throw InvalidInput.of("source", "required: send {\"source\":\"…\",\"runId\":\"…\"}");
        }
        String source = request.source();
        String runId = request.runId();
        if (source == null || !FieldLimits.SOURCE.matcher(source).matches()) {
            throw InvalidInput.of(
                    "source", "required: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (runId != null && runId.length() > 128) {
            throw InvalidInput.of("runId", "longer than 128 characters");
        }
        lease.expireLapsed(source, null);
        try {
            LoadView view = QuarkusTransaction.requiringNew().call(() -> {
                Load alive = openLoadOf(source);
                if (alive != null) {
                    throw LoadAlreadyOpen.heldBy(alive);
                }
                Load load = new Load();
                load.id = UUID.randomUUID();
                load.source = source;
                load.runId = runId;
                load.status = LoadStatus.OPEN;
                load.openedAt = OffsetDateTime.now();
                load.leaseExpiresAt = lease.firstExpiry(load.openedAt);
                load.persistAndFlush();
                try (Connection c = dataSource.getConnection()) {
                    StagingTables.create(c, load.id);
                }
                return load.view();
            });
            metrics.opened.increment();
            Log.infof("load %s of %s opened (run %s)", view.loadId(), source, runId);
            return view;
        } catch (RuntimeException e) {
            if (Sql.hasSqlState(e, Sql.UNIQUE_VIOLATION)) {
                Load alive = openLoadOf(source);
                throw alive != null ? LoadAlreadyOpen.heldBy(alive) : LoadAlreadyOpen.openedConcurrently(source);
            }
            throw e;
        }
    }

    /**
     * Stages one batch: renews the lease, then, in one transaction, replaces whatever an earlier send of this seq
     * staged and COPYs the records and rejects in.
     */
    public void stage(UUID loadId, StagedBatch batch) {
        lease.renew(loadId);
        long started = System.nanoTime();
        QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                LoadStatus status = lockedStatus(c, loadId, "for key share");
                if (status != LoadStatus.OPEN) {
                    throw new LoadNotOpen(loadId, status);
                }
                if (LoadBatches.record(c, loadId, batch)) {
                    StagingTables.deleteBatch(c, loadId, batch.seq());
                    QuarantinedRejects.deleteBatch(c, loadId, batch.seq());
                }
                if (batch.records() > 0) {
                    StagingTables.copyIn(c, loadId, batch.copyText());
                }
                QuarantinedRejects.insert(c, loadId, batch);
            }
            return batch.seq();
        });
        metrics.staged(batch, System.nanoTime() - started);
    }

    /**
     * Commits a load in one transaction: the counts must match what the ledger says was staged, and every staged
     * row must still be there (else nothing changes and the load stays OPEN), then staging is merged into
     * {@code daily_snapshot}, the source's watermark moves to the request's {@code watermark} if that is later than
     * the stored one, and the load becomes COMMITTED. Before the merge the load's data checks are judged
     * (docs/checks.md): an error refuses the commit with {@link ChecksFailed} (nothing merged, the load stays OPEN),
     * and every result is kept, a refused commit's in a transaction of its own. A count missing or negative, or an
     * invalid {@code watermark} (see {@link SourceWatermarks#parse}, or more than a day ahead of the database's
     * clock) is refused first, naming the field.
     */
    public CommitResult commit(UUID loadId, CommitLoad request) {
        ClaimedCounts claimed = ClaimedCounts.of(request);
        int batches = claimed.batches();
        long records = claimed.records();
        long rejects = claimed.rejects();
        Instant mark = SourceWatermarks.parse(request.watermark());
        long started = System.nanoTime();
        Committed committed;
        AtomicReference<List<LoadChecks.Judged>> judged = new AtomicReference<>(List.of());
        try {
            committed = QuarkusTransaction.requiringNew()
                    .timeout(seconds(config.commit().timeout()))
                    .call(() -> {
                        try (Connection c = dataSource.getConnection()) {
                            SourceWatermarks.requirePlausible(c, mark);
                            LoadStatus status = LoadLease.lockForChange(c, loadId);
                            if (status != LoadStatus.OPEN) {
                                throw new LoadNotOpen(loadId, status);
                            }
                            LoadBatches.Counts staged = LoadBatches.counts(c, loadId);
                            if (!staged.match(batches, records, rejects)) {
                                throw new StagedCountsDiffer(loadId, batches, records, rejects, staged);
                            }
                            committer.verifyNothingLost(c, loadId, staged);
                            String source = Load.<Load>findById(loadId).source;
                            judged.set(checks.judge(c, loadId, source, records, rejects));
                            LoadChecks.refuseOnError(loadId, judged.get());
                            LoadChecks.keep(c, loadId, judged.get());
                            CommitResult merged =
                                    committer.merge(c, loadId, batches, records, rejects, mark, results(judged.get()));
                            return new Committed(source, merged);
                        }
                    });
        } catch (LoadLease.Lapsed e) {
            throw lease.expired(loadId);
        } catch (ChecksFailed refused) {
            keepRefused(loadId, judged.get());
            Log.warnf("load %s not committed: %s", loadId, refused.getMessage());
            throw refused;
        }
        long elapsed = System.nanoTime() - started;
        CommitResult result = committed.result();
        metrics.committed(result, elapsed);
        if (result.watermarkMoved()) {
            gauges.moved(committed.source(), mark);
        }
        Log.infof(
                "load %s committed: %d records, %d rejects -> %d inserted, %d updated, %d unchanged, %d duplicates in %d ms; "
                        + "watermark of %s %s %s; checks %s",
                loadId,
                records,
                rejects,
                result.inserted(),
                result.updated(),
                result.unchanged(),
                result.duplicates(),
                elapsed / 1_000_000,
                committed.source(),
                result.watermarkMoved() ? "moved to" : "stays at",
                result.watermark(),
                outcomes(result.checks()));
        return result;
    }

    /** Aborts a load and discards what it staged; aborting an ABORTED load again is fine, a COMMITTED one is not. */
    public LoadStatus abort(UUID loadId) {
        boolean changed = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                LoadStatus status = lockedStatus(c, loadId, "for update");
                if (status == LoadStatus.COMMITTED) {
                    throw new LoadNotOpen(loadId, status);
                }
                if (status == LoadStatus.ABORTED) {
                    return false;
                }
                StagingTables.discard(c, loadId);
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
     * Keeps the results of a commit the checks refused: its transaction rolled back with them, so they go in their
     * own. Failing to keep them does not hide the refusal.
     */
    private void keepRefused(UUID loadId, List<LoadChecks.Judged> judged) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection c = dataSource.getConnection()) {
                    LoadChecks.keep(c, loadId, judged);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (RuntimeException e) {
            Log.errorf(e, "load %s: the results of its refused checks could not be kept", loadId);
        }
    }

    private static List<CheckResult> results(List<LoadChecks.Judged> judged) {
        return judged.stream().map(LoadChecks.Judged::result).toList();
    }

    /** The checks' outcomes for the log line, e.g. {@code reject-share PASS, volume WARN}. */
    private static String outcomes(List<CheckResult> checks) {
        return checks.stream().map(r -> r.check() + " " + r.outcome()).collect(Collectors.joining(", "));
    }

    /** A commit's outcome and the source it was of, out of its transaction. */
    private record Committed(String source, CommitResult result) {}

    private static Load openLoadOf(String source) {
        return Load.find("source = ?1 and status = ?2", source, LoadStatus.OPEN).firstResult();
    }

    private static LoadStatus lockedStatus(Connection c, UUID loadId, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select status from load_ledger where id = ? " + lock)) {
            ps.setObject(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchLoad(loadId);
                }
                return LoadStatus.valueOf(rs.getString(1));
            }
        }
    }

    private static int seconds(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toSeconds()));
    }
}
