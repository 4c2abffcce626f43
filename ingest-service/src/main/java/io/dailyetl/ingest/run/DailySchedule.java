package io.dailyetl.ingest.run;

import io.dailyetl.ingest.config.IngestConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;

/** The daily run ({@code ingest.schedule.cron}, default 02:00; {@code off} disables it). */
@ApplicationScoped
class DailySchedule {

    private final Runs runs;
    private final IngestConfig config;

    DailySchedule(Runs runs, IngestConfig config) {
        this.runs = runs;
        this.config = config;
    }

    /** The scheduler's name of the daily run, by which {@link NextRun} finds it. */
    static final String IDENTITY = "daily-run";

    @Scheduled(
            identity = IDENTITY,
            cron = "${ingest.schedule.cron:0 0 2 * * ?}",
            timeZone = "${ingest.clean.zone:UTC}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        try {
            runs.start(LocalDate.now(config.clean().zone()), "schedule");
        } catch (RunAlreadyActive | WarehouseUnreachable e) {
            Log.warnf("scheduled run not started: %s", e.getMessage());
        }
    }
}
