package io.dailyetl.demo.data;

import io.dailyetl.demo.config.DemoConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** Generates the data once, at start-up, from {@code demo.*}, and holds it for the life of the process. */
@Startup
@ApplicationScoped
public class SourceData {

    /** Largest page a request may ask for (and largest {@code demo.page-size}). */
    public static final int MAX_PAGE_SIZE = 10_000;

    private final Dataset dataset;
    private final int pageSize;

    SourceData(DemoConfig config) {
        if (config.pageSize() < 1 || config.pageSize() > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("demo.page-size must be between 1 and " + MAX_PAGE_SIZE + ", not "
                    + config.pageSize());
        }
        this.pageSize = config.pageSize();
        long started = System.nanoTime();
        this.dataset = Dataset.generate(
                new Dataset.Settings(config.seed(), config.records(), config.weekStart(), config.users()));
        ExpectedCounts counts = dataset.expectedCounts();
        Log.infof("demo data (seed %d, week of %s): %d records, %d rejected, %d duplicates, %d to load; "
                        + "%.1f MiB of JSON rendered in %d ms",
                config.seed(), config.weekStart(), counts.fetched(), counts.rejected(), counts.duplicates(),
                counts.loaded(), dataset.jsonBytes() / 1048576.0, (System.nanoTime() - started) / 1_000_000);
    }

    public Dataset dataset() {
        return dataset;
    }

    /** Page size when a request names none ({@code demo.page-size}). */
    public int defaultPageSize() {
        return pageSize;
    }
}
