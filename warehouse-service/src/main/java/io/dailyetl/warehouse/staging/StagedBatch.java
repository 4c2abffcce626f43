package io.dailyetl.warehouse.staging;

import java.util.List;

/**
 * One validated batch, ready to stage: its clean records already rendered as PostgreSQL COPY text (one line a
 * record, columns {@code seq, pos, id, user_id, amount, status, created_at, attributes}) and its rejects.
 */
public record StagedBatch(int seq, byte[] copyText, int records, List<Reject> rejects) {

    /** A source record ingest rejected: the reason names the field; {@code rawJson} is the record as fetched. */
    public record Reject(int position, Integer page, String reason, String rawJson) {}
}
