package io.dailyetl.report.service;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.dailyetl.report.config.ReportConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * The weekly send ({@code report.schedule.cron}, default Monday 06:00 in report.zone; {@code off} disables it) and
 * its catch-up ({@code report.schedule.catch-up-every}, default every 5 minutes and once right after start-up): the
 * window of the cron's most recent firing, if it fired within the last {@code report.days} days, is sent unless it
 * was SENT. So a firing that failed (SMTP down) is sent once SMTP is back, and one whose sender died between claim and
 * send (a killed pod, a dead replica) is sent once its claim lapses at the warehouse. A window another sender is
 * sending under a live claim is left alone.
 */
@ApplicationScoped
public class WeeklySchedule {

    private final WeeklyReports reports;
    private final ReportConfig config;
    private final Clock clock;
    /** The cron's firings; null while it is off. */
    private final ExecutionTime firings;

    WeeklySchedule(WeeklyReports reports, ReportConfig config, Clock clock) {
        this.reports = reports;
        this.config = config;
        this.clock = clock;
        String cron = config.schedule().cron().trim();
        this.firings = isOff(cron)
                ? null
                : ExecutionTime.forCron(
                        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ)).parse(cron));
    }

    @Scheduled(
            cron = "${report.schedule.cron:0 0 6 ? * MON}",
            timeZone = "${report.zone:UTC}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void weekly() {
        fire(null);
    }

    @Scheduled(
            identity = "weekly-catch-up",
            every = "${report.schedule.catch-up-every:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void catchUpJob() {
        catchUp();
    }

    /** One firing for the week ending (exclusive) at {@code end}, today when null: failures are logged and counted. */
    public WeeklyReports.Result fire(LocalDate end) {
        LocalDate day = end != null ? end : LocalDate.now(clock.withZone(config.zone()));
        try {
            return reports.weekly(new WeeklyReports.Request(day, null, true, null, false), "schedule");
        } catch (ReportFailure e) {
            Log.errorf("scheduled weekly report failed (%s): %s", e.reason(), e.getMessage());
            return null;
        }
    }

    /**
     * Sends the window of the cron's most recent firing unless it was SENT or is being sent; null when there is
     * nothing to catch up (cron off, no firing within {@code report.days} days) or the attempt failed (logged and
     * counted; the next run tries again).
     */
    public WeeklyReports.Result catchUp() {
        if (firings == null) {
            return null;
        }
        ZonedDateTime now = clock.instant().atZone(config.zone());
        Optional<ZonedDateTime> last = firings.lastExecution(now);
        if (last.isEmpty() || last.get().isBefore(now.minusDays(config.days()))) {
            Log.debugf("weekly report catch-up: no firing within the last %d days", config.days());
            return null;
        }
        LocalDate end = last.get().toLocalDate();
        try {
            return reports.weekly(new WeeklyReports.Request(end, null, true, null, false), "catch-up");
        } catch (ReportFailure e) {
            Log.errorf(
                    "weekly report catch-up of the firing at %s failed (%s): %s",
                    last.get(), e.reason(), e.getMessage());
            return null;
        }
    }

    private static boolean isOff(String cron) {
        String value = cron.toLowerCase(Locale.ROOT);
        return value.equals("off") || value.equals("disabled");
    }

    /** The clock the schedule reads the time from: the system's (tests stand it in a chosen week). */
    @Singleton
    static class Clocks {
        @Produces
        @Singleton
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
