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
        if (cron.toLowerCase(Locale.ROOT).equals("off")) {
            return new ScheduleView(source, "off", zone, null);
        }
        Trigger trigger = scheduler.getScheduledJob(DailySchedule.IDENTITY);
        Instant next = trigger == null ? null : trigger.getNextFireTime();
        return new ScheduleView(source, cron, zone, next);
    }
}
