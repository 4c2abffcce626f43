package io.dailyetl.console.client;

import io.dailyetl.contract.runs.ScheduleView;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * When ingest starts its next scheduled run ({@code GET /api/schedule} at {@code quarkus.rest-client.ingest.url}). A
 * read, so tried again once; when ingest does not answer, empty, and the overview says so in its cell.
 */
@ApplicationScoped
public class IngestSchedule {

    private final ScheduleApi api;

    IngestSchedule(@RestClient ScheduleApi api) {
        this.api = api;
    }

    /** Ingest's schedule, or empty if ingest could not be read (the cause is logged). */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200)
    @Fallback(fallbackMethod = "unanswered")
    public Optional<ScheduleView> schedule() {
        return Optional.of(api.schedule());
    }

    Optional<ScheduleView> unanswered(Throwable cause) {
        Log.warnf("console: ingest's schedule could not be read: %s", cause.toString());
        return Optional.empty();
    }
}
