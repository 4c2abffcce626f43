package io.dailyetl.contract.loads;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What a commit merged into {@code daily_snapshot}, as the warehouse answers a commit and its senders read it.
 * {@code inserted + updated + unchanged} is the number of distinct ids loaded; {@code duplicates} are the earlier
 * occurrences of an id that the last one replaced. {@code watermark} is the source's watermark after the commit
 * (ISO-8601 instant, null if the source has none); {@code watermarkMoved} whether this commit moved it; {@code checks}
 * the data checks the load passed or warned on before the merge (docs/checks.md; empty when not known, e.g. a commit
 * whose answer was lost and was read back from the load).
 */
public record CommitResult(
        LoadStatus status,
        long inserted,
        long updated,
        long unchanged,
        long duplicates,
        long rejects,
        String watermark,
        boolean watermarkMoved,
        List<CheckResult> checks) {

    public CommitResult {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** Distinct ids the commit loaded: inserted + updated + unchanged. */
    @JsonIgnore
    public long loaded() {
        return inserted + updated + unchanged;
    }
}
