package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.ScheduleView;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;

/** When the daily run starts next, as the scheduler has it: {@code ingest.schedule.cron} in ingest.clean.zone. */
@ApplicationScoped
public class NextRun {

    private final Scheduler scheduler;
    private final ConfiguredSources sources;

    NextRun(Scheduler scheduler, ConfiguredSources sources) {
        this.scheduler = scheduler;
        this.sources = sources;
    }

    /** The schedule: the source its runs load, its cron and zone, and the next run's start (null when the schedule is off). */
    public ScheduleView schedule() {
        return schedule(sources.single());
    }

    /** The schedule of one source, as {@link #schedule()}. */
    public ScheduleView schedule(SourceSettings settings) {
        String cron = settings.schedule();
        String zone = settings.zone().getId();
        String source = settings.name();
        String backfill = backfill(settings.source().incremental());
        if (cron.toLowerCase(Locale.ROOT).equals("off")) {
            return new ScheduleView(source, "off", zone, null, backfill);
        }
        Trigger trigger = scheduler.getScheduledJob(DailySchedule.identity(source));
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
