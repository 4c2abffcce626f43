package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.loads.CommitResult;
import io.dailyetl.contract.loads.LoadStatus;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.merge.DaySpendTotals;
import io.dailyetl.warehouse.merge.MergeBusy;
import io.dailyetl.warehouse.merge.SnapshotMerger;
import io.dailyetl.warehouse.staging.QuarantinedRejects;
import io.dailyetl.warehouse.staging.StagingTables;
import io.dailyetl.warehouse.watermark.SourceWatermarks;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The steps of a commit inside its transaction, once {@link LoadLifecycle} has locked the OPEN load and matched its
 * counts: check that every staged row is still there, merge staging into {@code daily_snapshot}, drop staging, move
 * the source's watermark, and record the outcome on the ledger row.
 */
@ApplicationScoped
class LoadCommitter {

    private final WarehouseConfig config;
    private final LoadMetrics metrics;

    LoadCommitter(WarehouseConfig config, LoadMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Refuses with {@link StagingLost}, naming the batches whose rows are not all there, unless the staging table
     * and the quarantine hold what the ledger says was staged. Staging tables are unlogged, so a PostgreSQL crash
     * empties them while {@code load_batch} survives: counting the rows themselves is what turns that into a
     * refusal instead of a load that silently misses the lost batches.
     */
    void verifyNothingLost(Connection c, UUID loadId, LoadBatches.Counts staged) throws SQLException {
        long rows = StagingTables.rows(c, loadId);
        long quarantined = QuarantinedRejects.count(c, loadId);
        if (rows == staged.records() && quarantined == staged.rejects()) {
            return;
        }
        StagingLost refused = new StagingLost(
                loadId,
                staged.records(),
                rows,
                StagingTables.batchesNotIntact(c, loadId),
                staged.rejects(),
                quarantined);
        metrics.stagingLost.increment();
        Log.errorf("load %s cannot commit: %s", loadId, refused.getMessage());
        throw refused;
    }

    /**
     * Merges the load's staging into {@code daily_snapshot}, drops it, moves the source's watermark to
     * {@code watermark} if that is later (null: leaves it), and marks the load COMMITTED with its counts (answering
     * {@code checks}, the results of its data checks); all on
     * {@code c}, in the commit's transaction.
     */
    CommitResult merge(
            Connection c,
            UUID loadId,
            int batches,
            long records,
            long rejects,
            Instant watermark,
            List<CheckResult> checks)
            throws SQLException {
        WarehouseConfig.Commit limits = config.commit();
        try (Statement st = c.createStatement()) {
            st.execute("set local work_mem = '" + config.merge().workMem().replace("'", "") + "'");
            st.execute("set local statement_timeout = "
                    + Math.max(1, limits.timeout().toMillis()));
        }
        Load load = Load.findById(loadId);
        SnapshotMerger.Merged merged;
        try {
            WarehouseConfig.Merge m = config.merge();
            WarehouseConfig.Analytics analytics = config.analytics();
            boolean fromSize = DaySpendTotals.onFromSize(analytics);
            merged = SnapshotMerger.merge(
                    c,
                    loadId,
                    load.source,
                    StagingTables.table(loadId),
                    limits.lockWait(),
                    new SnapshotMerger.IndexRebuild(m.rebuildIndexes(), m.rebuildLockWait()),
                    analytics.preAggregated() || fromSize);
            Optional<String> zone = DaySpendTotals.postgresName(config.zone());
            if (fromSize
                    && zone.isPresent()
                    && DaySpendTotals.keepIfLarge(
                            c,
                            zone.get(),
                            analytics.preAggregateFromRows(),
                            merged.distinct(),
                            merged.indexesRebuilt() ? 0 : merged.inserted())) {
                Log.infof(
                        "load %s leaves daily_snapshot with at least %d rows: per-user day totals built, and kept "
                                + "from now on (warehouse.analytics.pre-aggregate-from-rows)",
                        loadId, analytics.preAggregateFromRows());
            }
        } catch (MergeBusy busy) {
            metrics.mergeBusy.increment();
            throw busy;
        }
        StagingTables.drop(c, loadId);
        long unchanged = merged.distinct() - merged.inserted() - merged.updated();
        long duplicates = records - merged.distinct();
        SourceWatermarks.Advance advance = SourceWatermarks.advance(c, load.source, loadId, watermark);
        load.status = LoadStatus.COMMITTED;
        load.finishedAt = OffsetDateTime.now();
        load.batches = batches;
        load.records = records;
        load.rejects = rejects;
        load.inserted = merged.inserted();
        load.updated = merged.updated();
        load.unchanged = unchanged;
        load.duplicates = duplicates;
        return new CommitResult(
                LoadStatus.COMMITTED,
                merged.inserted(),
                merged.updated(),
                unchanged,
                duplicates,
                rejects,
                SourceWatermarks.format(advance.watermark()),
                advance.moved(),
                checks);
    }
}
