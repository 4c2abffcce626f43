package io.dailyetl.warehouse.load;

/**
 * What a commit merged into {@code daily_snapshot}. {@code inserted + updated + unchanged} is the number of
 * distinct ids loaded; {@code duplicates} are the earlier occurrences of an id that the last one replaced.
 */
public record CommitResult(LoadStatus status, long inserted, long updated, long unchanged, long duplicates,
        long rejects) {
}
