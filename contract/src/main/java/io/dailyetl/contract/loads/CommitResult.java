package io.dailyetl.contract.loads;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a commit merged into {@code daily_snapshot}, as the warehouse answers a commit and its senders read it.
 * {@code inserted + updated + unchanged} is the number of distinct ids loaded; {@code duplicates} are the earlier
 * occurrences of an id that the last one replaced. {@code watermark} is the source's watermark after the commit
 * (ISO-8601 instant, null if the source has none); {@code watermarkMoved} whether this commit moved it.
 */
public record CommitResult(
        LoadStatus status,
        long inserted,
        long updated,
        long unchanged,
        long duplicates,
        long rejects,
        String watermark,
        boolean watermarkMoved) {

    /** Distinct ids the commit loaded: inserted + updated + unchanged. */
    @JsonIgnore
    public long loaded() {
        return inserted + updated + unchanged;
    }
}
