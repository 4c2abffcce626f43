package io.dailyetl.demo.data;

/**
 * What a correct run over the whole source must report: {@code fetched = loaded + rejected + duplicates},
 * where duplicates are the clean records whose id occurs again later among clean records.
 */
public record ExpectedCounts(long fetched, long rejected, long duplicates, long loaded) {
    /** The counts of runs over several sources together. */
    public static ExpectedCounts sum(java.util.List<ExpectedCounts> parts) {
        long fetched = 0, rejected = 0, duplicates = 0, loaded = 0;
        for (ExpectedCounts c : parts) {
            fetched += c.fetched();
            rejected += c.rejected();
            duplicates += c.duplicates();
            loaded += c.loaded();
        }
        return new ExpectedCounts(fetched, rejected, duplicates, loaded);
    }
}
