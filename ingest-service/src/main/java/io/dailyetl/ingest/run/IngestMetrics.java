package io.dailyetl.ingest.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicLong;

/** Ingest's Prometheus meters: pages, records by outcome, retries, runs, run duration, last success. */
@Singleton
public class IngestMetrics {

    final Counter pages;
    final Counter fetched;
    final Counter loaded;
    final Counter rejected;
    final Counter duplicates;
    final Counter retries;
    final Counter succeeded;
    final Counter failed;
    final Counter attemptsLost;
    final Timer duration;
    final AtomicLong lastSuccess = new AtomicLong();

    IngestMetrics(MeterRegistry registry) {
        pages = Counter.builder("ingest.pages").description("Source pages read").register(registry);
        fetched = records(registry, "fetched");
        loaded = records(registry, "loaded");
        rejected = records(registry, "rejected");
        duplicates = records(registry, "duplicate");
        retries = Counter.builder("ingest.retries").description("Source requests retried").register(registry);
        succeeded = Counter.builder("ingest.runs").tag("status", "succeeded").register(registry);
        failed = Counter.builder("ingest.runs").tag("status", "failed").register(registry);
        attemptsLost = Counter.builder("ingest.run.attempts.lost")
                .description("Attempts whose warehouse load was lost; the run started again from the first page").register(registry);
        duration = Timer.builder("ingest.run.duration").description("Trigger to SUCCEEDED or FAILED").register(registry);
        registry.gauge("ingest.last.success.timestamp.seconds", lastSuccess, AtomicLong::doubleValue);
    }

    private static Counter records(MeterRegistry registry, String outcome) {
        return Counter.builder("ingest.records").tag("outcome", outcome).description("Source records by outcome")
                .register(registry);
    }
}
