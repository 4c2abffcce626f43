package io.dailyetl.console.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Starts ingest runs on an operator's behalf. Never retried: a retry after a lost answer would start a second run
 * (ingest answers it 409 at best). An error answer is {@link ServiceRefused}.
 */
@ApplicationScoped
public class IngestClient {

    private final IngestApi api;

    IngestClient(@RestClient IngestApi api) {
        this.api = api;
    }

    /** A run ingest started: its id and status ({@code RUNNING}). */
    public record StartedRun(UUID runId, String status) {}

    /**
     * Starts a run of {@code source} (null: the ingest's only source; with several, ingest refuses it naming
     * {@code source}) with {@code operatorToken}: {@code full} pulls everything; {@code from} (and {@code to},
     * exclusive, may be null) a backfill of that window of change times; neither a run as the schedule starts it.
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    public StartedRun start(String source, boolean full, LocalDate from, LocalDate to, String operatorToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (source != null && !source.isBlank()) {
            body.put("source", source);
        }
        if (full) {
            body.put("full", true);
        }
        if (from != null) {
            body.put("from", from.toString());
        }
        if (to != null) {
            body.put("to", to.toString());
        }
        return api.start(body, "Bearer " + operatorToken);
    }
}
