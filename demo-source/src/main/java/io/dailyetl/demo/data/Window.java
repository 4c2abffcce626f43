package io.dailyetl.demo.data;

import java.time.Instant;

/**
 * The changed-since filter: the records whose {@code updated_at} lies in {@code [since, before)}, epoch milliseconds;
 * {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE} stand for no bound.
 */
public record Window(long since, long before) {

    /** No bounds: every record. */
    public static final Window ALL = new Window(Long.MIN_VALUE, Long.MAX_VALUE);

    public boolean hasSince() {
        return since != Long.MIN_VALUE;
    }

    public boolean hasBefore() {
        return before != Long.MAX_VALUE;
    }

    /** The lower bound as an ISO instant ({@code 2026-11-24T00:00:00Z}); only when {@link #hasSince}. */
    public String sinceText() {
        return Instant.ofEpochMilli(since).toString();
    }

    /** The upper bound as an ISO instant; only when {@link #hasBefore}. */
    public String beforeText() {
        return Instant.ofEpochMilli(before).toString();
    }
}
