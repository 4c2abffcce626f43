package io.dailyetl.contract.loads;

import java.util.UUID;

/**
 * A load as a caller reads it from any answer of the load API (open, heartbeat, commit, abort, get): its status
 * ({@code OPEN}, {@code COMMITTED}, {@code ABORTED}, {@code EXPIRED}) and, once committed, what the merge did.
 * {@code watermark} is the source's watermark after a commit (an ISO-8601 instant; null if the source has none, and
 * on every other answer). The warehouse sends more fields; a caller reads only these.
 */
public record LoadState(
        UUID loadId,
        String status,
        Long inserted,
        Long updated,
        Long unchanged,
        Long duplicates,
        Long rejects,
        String watermark) {

    /** A load state without a watermark. */
    public LoadState(
            UUID loadId, String status, Long inserted, Long updated, Long unchanged, Long duplicates, Long rejects) {
        this(loadId, status, inserted, updated, unchanged, duplicates, rejects, null);
    }

    public boolean committed() {
        return "COMMITTED".equals(status);
    }

    public boolean open() {
        return "OPEN".equals(status);
    }

    /** Distinct ids the commit loaded: inserted + updated + unchanged. */
    public long loaded() {
        return n(inserted) + n(updated) + n(unchanged);
    }

    public long duplicateCount() {
        return n(duplicates);
    }

    public long rejectCount() {
        return n(rejects);
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }
}
