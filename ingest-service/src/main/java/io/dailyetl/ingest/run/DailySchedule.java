package io.dailyetl.ingest.run;

import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * Each source's daily run, on its own schedule ({@code ingest.sources.<name>.schedule}, or for today's single source
 * {@code ingest.schedule.cron}; default 02:00 in the source's zone; {@code off} disables it). A run due while
 * {@code ingest.run.max-concurrent} runs are going waits for one to end ({@link Runs#startScheduled}); one due while
 * its own source's run is going is not started, and says so in the log.
 */
@ApplicationScoped
class DailySchedule {

    private final Runs runs;
    private final ConfiguredSources sources;
    private final Scheduler scheduler;

    DailySchedule(Runs runs, ConfiguredSources sources, Scheduler scheduler) {
        this.runs = runs;
        this.sources = sources;
        this.scheduler = scheduler;
    }

    /** The scheduler's name of a source's daily run, by which {@link NextRun} finds it. */
    static String identity(String source) {
        return "daily-run:" + source;
    }

    /** The key that holds a source's schedule, for errors. */
    static String key(SourceSettings source) {
        return source.prefix().equals("ingest.source") ? "ingest.schedule.cron" : source.prefix() + ".schedule";
    }

    void onStart(@Observes StartupEvent event) {
        for (SourceSettings source : sources.all()) {
            if (source.schedule().toLowerCase(Locale.ROOT).equals("off")) {
                continue;
            }
            try {
                scheduler
                        .newJob(identity(source.name()))
                        .setCron(source.schedule())
                        .setTimeZone(source.zone().getId())
                        .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                        .setTask(execution -> daily(source))
                        .schedule();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ConfigurationException(
                        key(source) + ": not a Quartz cron expression (e.g. 0 0 2 * * ?) or off: \"" + source.schedule()
                                + "\" (" + e.getMessage() + ")");
            }
        }
    }

    private void daily(SourceSettings source) {
        runs.startScheduled(source);
    }
}
