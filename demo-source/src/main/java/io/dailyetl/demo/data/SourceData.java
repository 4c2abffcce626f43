package io.dailyetl.demo.data;

import io.dailyetl.demo.config.DemoConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Generates the data once, at start-up, from {@code demo.*}, and holds it for the life of the process. */
@Startup
@ApplicationScoped
public class SourceData {

    /** Largest page a request may ask for (and largest {@code demo.page-size}). */
    public static final int MAX_PAGE_SIZE = 10_000;

    private final Dataset dataset;
    private final World world;
    private final int pageSize;

    /** One provider's data: static records, its own page size. */
    private SourceData(Dataset dataset, int pageSize) {
        this.dataset = dataset;
        this.world = null;
        this.pageSize = pageSize;
    }

    /** Static data: {@code dataset}, paged by {@code pageSize} when a request names no size (a provider's). */
    public static SourceData of(Dataset dataset, int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "page-size must be between 1 and " + MAX_PAGE_SIZE + ", not " + pageSize);
        }
        return new SourceData(dataset, pageSize);
    }

    @Inject
    SourceData(DemoConfig config) {
        if (config.pageSize() < 1 || config.pageSize() > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "demo.page-size must be between 1 and " + MAX_PAGE_SIZE + ", not " + config.pageSize());
        }
        this.pageSize = config.pageSize();
        long started = System.nanoTime();
        Dataset.Settings settings =
                new Dataset.Settings(config.seed(), config.records(), config.weekStart(), config.users());
        if (config.world() == DemoConfig.World.CHANGING) {
            DemoConfig.Changing changing = config.changing();
            this.world = World.generate(
                    settings, new World.Settings(changing.newPerDay(), changing.updatesPerDay(), changing.startDay()));
            this.dataset = world.base();
            Log.infof(
                    "demo world changing: day 1 is %s; each day creates %d records and changes %d "
                            + "(POST /admin/world/advance)",
                    changing.startDay(), changing.newPerDay(), changing.updatesPerDay());
        } else {
            this.world = null;
            this.dataset = Dataset.generate(settings);
        }
        ExpectedCounts counts = dataset.expectedCounts();
        Log.infof(
                "demo data (seed %d, week of %s): %d records, %d rejected, %d duplicates, %d to load; "
                        + "%.1f MiB of JSON rendered in %d ms",
                config.seed(),
                config.weekStart(),
                counts.fetched(),
                counts.rejected(),
                counts.duplicates(),
                counts.loaded(),
                dataset.jsonBytes() / 1048576.0,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The generated records (in the changing world: day 0's, without their updated_at). */
    public Dataset dataset() {
        return dataset;
    }

    /** The changing world, or null when {@code demo.world=static}. */
    public World world() {
        return world;
    }

    /** The records served now, in the window (a changing world's only; the static data set for {@link Window#ALL}). */
    public Records records(Window window) {
        return world == null ? dataset : world.today().records(window);
    }

    /** Page size when a request names none ({@code demo.page-size}). */
    public int defaultPageSize() {
        return pageSize;
    }
}
