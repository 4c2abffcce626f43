package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.ScheduleView;
import io.dailyetl.ingest.config.IngestConfig;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;

/** When the daily run starts next, as the scheduler has it: {@code ingest.schedule.cron} in ingest.clean.zone. */
@ApplicationScoped
public class NextRun {

    private final Scheduler scheduler;
    private final IngestConfig config;

    NextRun(Scheduler scheduler, IngestConfig config) {
        this.scheduler = scheduler;
        this.config = config;
    }

    /** The schedule: the source its runs load, its cron and zone, and the next run's start (null when the schedule is off). */
    public ScheduleView schedule() {
        String cron = config.schedule().cron().trim();
        String zone = config.clean().zone().getId();
        String source = config.load().source();
        String backfill = backfill(config.source().incremental());
        if (cron.toLowerCase(Locale.ROOT).equals("off")) {
            return new ScheduleView(source, "off", zone, null, backfill);
        }
        Trigger trigger = scheduler.getScheduledJob(DailySchedule.IDENTITY);
        Instant next = trigger == null ? null : trigger.getNextFireTime();
        return new ScheduleView(source, cron, zone, next, backfill);
    }

    /** What a backfill may ask of this ingest (the console offers only that). */
    static String backfill(IngestConfig.Incremental incremental) {
        if (!incremental.enabled()) {
            return ScheduleView.BACKFILL_OFF;
        }
        return incremental.untilParam().filter(p -> !p.isBlank()).isPresent()
                ? ScheduleView.BACKFILL_WINDOW
                : ScheduleView.BACKFILL_FROM;
    }
}
