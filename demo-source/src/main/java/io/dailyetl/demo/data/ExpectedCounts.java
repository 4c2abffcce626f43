package io.dailyetl.demo.data;

/**
 * What a correct run over the whole source must report: {@code fetched = loaded + rejected + duplicates},
 * where duplicates are the clean records whose id occurs again later among clean records.
 */
public record ExpectedCounts(long fetched, long rejected, long duplicates, long loaded) {}
