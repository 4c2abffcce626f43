package io.dailyetl.warehouse.lifecycle;

/**
 * What a commit merged into {@code daily_snapshot}. {@code inserted + updated + unchanged} is the number of
 * distinct ids loaded; {@code duplicates} are the earlier occurrences of an id that the last one replaced.
 * {@code watermark} is the source's watermark after the commit (ISO-8601 instant, null if the source has none);
 * {@code watermarkMoved} whether this commit moved it.
 */
public record CommitResult(
        LoadStatus status,
        long inserted,
        long updated,
        long unchanged,
        long duplicates,
        long rejects,
        String watermark,
        boolean watermarkMoved) {}
