package io.dailyetl.warehouse.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What an operator can tune in the warehouse ({@code warehouse.*}, env {@code WAREHOUSE_*}). */
@ConfigMapping(prefix = "warehouse")
public interface WarehouseConfig {

    /** Zone whose midnights bound the days of the analytics windows. */
    @WithDefault("UTC")
    ZoneId zone();

    /**
     * Whether the staging path (reading, validating and COPYing a batch) runs once on made-up batches in the
     * background right after start-up, into a temporary table that is thrown away, so that the first load runs
     * compiled code instead of paying for class loading and the JIT. Nothing is stored.
     */
    @WithDefault("true")
    boolean warmUp();

    LoadSettings load();

    Batch batch();

    Merge merge();

    Commit commit();

    Analytics analytics();

    DeliverySettings delivery();

    /** What the warehouse notifies and when ({@code warehouse.notifications.*}, docs/notifications.md). */
    NotificationSettings notifications();

    Watermark watermark();

    /** The data checks every load passes before it is merged ({@code warehouse.checks.*}, docs/checks.md). */
    Checks checks();

    /**
     * The data checks: thresholds for every source ({@code warehouse.checks.default.*}), each overridable per source
     * ({@code warehouse.checks.sources."<source>".*}). A share above its warn threshold warns, above its error
     * threshold refuses the commit; the volume ratio below them does. Warnings are on by default, errors opt-in.
     * Start-up is refused for a threshold out of its range.
     */
    interface Checks {
        /** The thresholds of every source that does not override them. */
        @WithName("default")
        DefaultChecks defaults();

        /** Per-source overrides, by source name; a threshold not set here is the default one. */
        Map<String, SourceChecks> sources();
    }

    /** The thresholds every source gets. */
    interface DefaultChecks {
        /** Rejects / (records + rejects) of the load. */
        DefaultRejectShare rejectShare();

        /** Duplicates / records: the earlier occurrences of an id within the load. */
        DefaultDuplicateShare duplicateShare();

        /** The load's fetched records against the median of the source's recent commits. */
        DefaultVolume volume();
    }

    interface DefaultRejectShare {
        /** Warns when more than this share of the load was rejected (0 to 1; 1 never warns). */
        @WithDefault("0.05")
        OptionalDouble warn();

        /** Refuses the commit when more than this share was rejected (0 to 1); unset: never. */
        OptionalDouble error();
    }

    interface DefaultDuplicateShare {
        /** Warns when more than this share of the records were earlier occurrences of an id (0 to 1). */
        @WithDefault("0.10")
        OptionalDouble warn();

        /** Refuses the commit above this share (0 to 1); unset: never. */
        OptionalDouble error();
    }

    interface DefaultVolume {
        /** Warns when records + rejects fall below this ratio of the recent median (0 to 1; 0 never warns). */
        @WithDefault("0.5")
        OptionalDouble warn();

        /** Refuses the commit below this ratio of the recent median (0 to 1); unset: never. */
        OptionalDouble error();

        /** How many of the source's latest committed loads the median is taken over (at least 1). */
        @WithDefault("7")
        int runs();

        /** Refuses the commit when records + rejects are fewer than this; unset: no minimum. */
        OptionalLong min();
    }

    /** A source's overrides; each threshold not set is the default's. */
    interface SourceChecks {
        Share rejectShare();

        Share duplicateShare();

        SourceVolume volume();
    }

    /** A share check's overrides. */
    interface Share {
        OptionalDouble warn();

        OptionalDouble error();
    }

    /** The volume check's overrides. */
    interface SourceVolume {
        OptionalDouble warn();

        OptionalDouble error();

        OptionalInt runs();

        OptionalLong min();
    }

    /** How long OPEN loads live ({@code warehouse.load.*}); named apart from the {@code Load} entity. */
    interface LoadSettings {
        /**
         * How long an OPEN load lives without a batch or heartbeat before it expires and another may open: the
         * time a killed ingest holds its source. Batches and heartbeats extend it at most every tenth of it (a
         * minute at most), so it runs out up to that much earlier than a full lease after the last of them.
         */
        @WithDefault("90s")
        Duration lease();

        /** How often OPEN loads past their lease are expired and their staging dropped. */
        @WithDefault("60s")
        String sweepEvery();
    }

    /** The sources' watermarks ({@code warehouse.watermark.*}). */
    interface Watermark {
        /**
         * How often each replica reads every source's watermark from the database for the gauge
         * {@code warehouse_source_watermark_timestamp_seconds}, so all replicas report the same; a commit that moves one
         * sets it at once on its own replica.
         */
        @WithDefault("15s")
        String gaugeRefresh();
    }

    /** Report delivery claims ({@code warehouse.delivery.*}); named apart from the {@code Delivery} entity. */
    interface DeliverySettings {
        /**
         * How long a report delivery's SENDING claim holds if its sender dies before saying SENT or FAILED; after
         * that (by the database's clock, so replicas with skewed clocks agree) the next claim of the window takes it
         * over. Longer than a send takes (building the CSV plus SMTP retries).
         */
        @WithDefault("10m")
        Duration lease();
    }

    interface Batch {
        /** Largest batch body accepted; larger ones get 413 before anything is staged. */
        @WithDefault("16M")
        MemorySize maxBytes();

        /** Most records plus rejects one batch may carry; more gets 413. */
        @WithDefault("50000")
        int maxRecords();
    }

    interface Analytics {
        /** PostgreSQL work_mem for the user-spend query, so its per-user aggregation does not spill to disk. */
        @WithDefault("64MB")
        String workMem();

        /**
         * Whether every commit keeps per-user day totals ({@code user_day_spend}) and user spend in
         * {@code warehouse.zone} is answered from them: a few rows per user instead of every transaction of the
         * window (a week of 10 million rows). They cost the commit about as much again as its merge for every new or
         * changed row (seconds per million new rows), so they are off by default until the snapshot is large
         * ({@link #preAggregateFromRows()}); not kept, or for a window in another zone, user spend is summed from
         * {@code daily_snapshot}: the same answer. Turning them on rebuilds them at start-up. Set it alike on every
         * replica.
         */
        @WithDefault("false")
        boolean preAggregated();

        /**
         * With {@code pre-aggregated} false: the per-user day totals turn on by themselves at the commit that leaves
         * {@code daily_snapshot} with at least this many rows (built in that commit's transaction from the whole
         * snapshot), and are kept from then on, across restarts; 0 never turns them on. A snapshot this large has
         * weeks whose report would take seconds to sum, while a smaller one pays less for summing than for keeping
         * them. Set it alike on every replica.
         */
        @WithDefault("2000000")
        long preAggregateFromRows();
    }

    interface Commit {
        /**
         * Longest a commit's transaction may run, merge included; a 10-million-record day fits the default. Past it
         * the commit rolls back and nothing of it is visible.
         */
        @WithDefault("30m")
        Duration timeout();

        /**
         * Longest a commit waits for another commit's merge to finish (merges run one at a time); past it the
         * commit answers 503 and may be retried.
         */
        @WithDefault("2m")
        Duration lockWait();
    }

    interface Merge {
        /** PostgreSQL work_mem for the commit's merge, so its sort of a day's records stays in memory. */
        @WithDefault("256MB")
        String workMem();

        /**
         * Whether a load into an empty {@code daily_snapshot} (the first load, or the first after it was emptied)
         * inserts its rows with the snapshot's indexes dropped and builds them afterwards, in the same transaction:
         * a sorted build of each index instead of a million inserts into them. Readers of the snapshot wait for
         * such a commit to end.
         */
        @WithDefault("true")
        boolean rebuildIndexes();

        /**
         * How long a load into an empty snapshot waits for readers to let go of it before it merges the usual way,
         * with the indexes in place.
         */
        @WithDefault("5s")
        Duration rebuildLockWait();
    }
}
