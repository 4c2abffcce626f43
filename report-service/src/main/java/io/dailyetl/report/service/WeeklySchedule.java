package io.dailyetl.report.service;

import io.dailyetl.common.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;

/** The weekly send ({@code report.schedule.cron}, default Monday 06:00 in report.zone; {@code off} disables it). */
@ApplicationScoped
public class WeeklySchedule {

    private final WeeklyReports reports;

    WeeklySchedule(WeeklyReports reports) {
        this.reports = reports;
    }

    @Scheduled(cron = "${report.schedule.cron:0 0 6 ? * MON}", timeZone = "${report.zone:UTC}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void weekly() {
        fire(null);
    }

    /** One firing for the week ending (exclusive) at {@code end}, today when null: failures are logged and counted. */
    public WeeklyReports.Result fire(LocalDate end) {
        try {
            return reports.weekly(new WeeklyReports.Request(end, null, true, null, false), "schedule");
        } catch (ProblemException e) {
            Log.errorf("scheduled weekly report failed (%d): %s", e.status(), e.getMessage());
            return null;
        }
    }
}
