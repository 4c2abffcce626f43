package io.dailyetl.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dailyetl.common.ProblemException;

/**
 * Optional body of {@code POST /api/runs}: the source (required when more than one is configured), the logical
 * date, and (incremental mode) a backfill window of change times {@code [from, to)} or {@code full} to pull
 * everything whatever the watermark. Each field is optional, and an empty body is no request at all ({@link
 * RunRequestReader} reads it).
 */
public record RunRequest(String source, String logicalDate, String from, String to, Boolean full) {

    /** How a body that is not this record's JSON is answered: 400, naming the body as the field at fault. */
    static ProblemException unreadable(JsonProcessingException e) {
        return ProblemException.invalid(
                "body",
                "expected {\"source\":…, \"logicalDate\":\"YYYY-MM-DD\", \"from\":…, \"to\":…, "
                        + "\"full\":true|false} (each optional) or nothing: " + e.getOriginalMessage());
    }
}
