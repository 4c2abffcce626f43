package io.dailyetl.report.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/** report-service's Prometheus meters: reports sent, failures, rows emailed, last successful send. */
@Singleton
public class ReportMetrics {

    final Counter sent;
    final Counter failed;
    final Counter rows;
    final AtomicLong lastSuccess = new AtomicLong();

    ReportMetrics(MeterRegistry registry) {
        sent = Counter.builder("report.sent")
                .description("Weekly reports emailed")
                .register(registry);
        failed = Counter.builder("report.failures")
                .description("Weekly reports that could not be built or emailed")
                .register(registry);
        rows = Counter.builder("report.rows")
                .description("CSV rows (users) emailed")
                .register(registry);
        registry.gauge("report.last.success.timestamp.seconds", lastSuccess, AtomicLong::doubleValue);
    }
}
