package io.dailyetl.ingest.run;

import java.time.Instant;

/**
 * What a caller of {@code POST /api/runs} asks a run to pull instead of what the mode decides: a backfill window
 * of change times {@code [from, to)} ({@code to} null: up to now), or everything ({@code full}). {@link #NONE}: the
 * mode decides (a full pull, or an incremental one from the watermark).
 */
public record PullRequest(Instant from, Instant to, boolean full) {

    public static final PullRequest NONE = new PullRequest(null, null, false);

    /** Whether a window was asked for. */
    public boolean backfill() {
        return from != null;
    }
}
