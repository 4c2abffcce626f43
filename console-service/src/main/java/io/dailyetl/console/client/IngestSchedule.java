package io.dailyetl.console.client;

import io.dailyetl.contract.runs.ScheduleView;
import io.dailyetl.contract.runs.SourceView;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Ingest's sources, each with when ingest runs it next ({@code GET /api/sources} at
 * {@code quarkus.rest-client.ingest.url}), and one source's schedule ({@code GET /api/schedule?source=}). Reads, so
 * tried again once; when ingest does not answer, the answer says why, and the pages say so where they would show it.
 */
@ApplicationScoped
public class IngestSchedule {

    /** What the pages say when ingest could not be reached at all. */
    public static final String NOT_ANSWERING = "ingest is not answering";

    private final ScheduleApi api;

    IngestSchedule(@RestClient ScheduleApi api) {
        this.api = api;
    }

    /**
     * Ingest's sources as {@code GET /api/sources} lists them, or why they could not be read ({@code problem}, with
     * {@code sources} empty): a 5xx or 4xx names ingest's own detail.
     */
    public record Sources(List<SourceView> sources, String problem) {

        public Sources {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }

        /** Whether ingest answered. */
        public boolean known() {
            return problem == null;
        }

        /** The source named {@code name}, if ingest has it. */
        public Optional<SourceView> named(String name) {
            return sources.stream().filter(s -> s.name().equals(name)).findFirst();
        }
    }

    /** Ingest's sources, or why they could not be read (the cause is logged). */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = ServiceRefused.class)
    @Fallback(fallbackMethod = "sourcesUnanswered")
    public Sources sources() {
        return new Sources(api.sources(), null);
    }

    Sources sourcesUnanswered(Throwable cause) {
        Log.warnf("console: ingest's sources could not be read: %s", cause.toString());
        return new Sources(List.of(), why(cause));
    }

    /** The schedule of {@code source} (blank: the ingest's only source), or empty if ingest could not be read. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = ServiceRefused.class)
    @Fallback(fallbackMethod = "scheduleUnanswered")
    public Optional<ScheduleView> schedule(String source) {
        return Optional.of(api.schedule(source == null || source.isBlank() ? null : source));
    }

    Optional<ScheduleView> scheduleUnanswered(String source, Throwable cause) {
        Log.warnf("console: ingest's schedule of %s could not be read: %s", source, cause.toString());
        return Optional.empty();
    }

    private static String why(Throwable cause) {
        if (cause instanceof ServiceRefused refused) {
            return "ingest answered " + refused.status() + (refused.detail().isEmpty() ? "" : ": " + refused.detail());
        }
        return NOT_ANSWERING;
    }
}
