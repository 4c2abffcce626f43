package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.contract.loads.CommitResult;
import io.dailyetl.warehouse.staging.StagedBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * The warehouse's Prometheus meters: the load lifecycle, records merged, batch and commit latency. A plain
 * singleton: its fields are read directly, with no client proxy in between.
 */
@Singleton
class LoadMetrics {

    final Counter opened;
    final Counter committed;
    final Counter aborted;
    final Counter expired;
    final Counter staged;
    final Counter quarantined;
    final Counter inserted;
    final Counter updated;
    final Counter unchanged;
    final Counter duplicates;
    final Counter heartbeats;
    final Counter stagingLost;
    final Counter mergeBusy;
    final Timer batch;
    final Timer commit;

    LoadMetrics(MeterRegistry registry) {
        opened = lifecycle(registry, "opened");
        committed = lifecycle(registry, "committed");
        aborted = lifecycle(registry, "aborted");
        expired = lifecycle(registry, "expired");
        staged = Counter.builder("warehouse.records.staged")
                .description("Clean records staged by batches")
                .register(registry);
        quarantined = Counter.builder("warehouse.rejects.quarantined")
                .description("Rejected records quarantined")
                .register(registry);
        inserted = merged(registry, "inserted");
        updated = merged(registry, "updated");
        unchanged = merged(registry, "unchanged");
        duplicates = merged(registry, "duplicate");
        heartbeats = Counter.builder("warehouse.load.heartbeats")
                .description("Lease renewals by a load's sender between batches")
                .register(registry);
        stagingLost = Counter.builder("warehouse.commits.refused")
                .tag("reason", "staging-lost")
                .description("Commits refused because staged rows were lost (PostgreSQL restarted)")
                .register(registry);
        mergeBusy = Counter.builder("warehouse.commits.refused")
                .tag("reason", "merge-busy")
                .description("Commits refused because another merge held the lock too long")
                .register(registry);
        batch = Timer.builder("warehouse.batch.duration")
                .description("Time to validate and stage one batch")
                .publishPercentileHistogram()
                .register(registry);
        commit = Timer.builder("warehouse.commit.duration")
                .description("Time to merge a load into daily_snapshot")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** A batch staged in {@code nanos}. */
    void staged(StagedBatch batch, long nanos) {
        this.batch.record(nanos, TimeUnit.NANOSECONDS);
        staged.increment(batch.records());
        quarantined.increment(batch.rejects().size());
    }

    /** A load committed in {@code nanos}, with what its merge did. */
    void committed(CommitResult result, long nanos) {
        commit.record(nanos, TimeUnit.NANOSECONDS);
        committed.increment();
        inserted.increment(result.inserted());
        updated.increment(result.updated());
        unchanged.increment(result.unchanged());
        duplicates.increment(result.duplicates());
    }

    private static Counter lifecycle(MeterRegistry registry, String event) {
        return Counter.builder("warehouse.loads")
                .tag("event", event)
                .description("Loads by lifecycle event")
                .register(registry);
    }

    private static Counter merged(MeterRegistry registry, String outcome) {
        return Counter.builder("warehouse.records.merged")
                .tag("outcome", outcome)
                .description("Records merged into daily_snapshot by committed loads")
                .register(registry);
    }
}
