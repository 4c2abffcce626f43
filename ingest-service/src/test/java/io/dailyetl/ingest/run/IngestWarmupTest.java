package io.dailyetl.ingest.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.ingest.SourceJson;
import io.dailyetl.ingest.SourceResource;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.warehouseclient.RunsClient;
import io.dailyetl.warehouseclient.SourcesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up fetches its made-up pages over loopback and goes through every record, as a run would, and
 * sends nothing: the source is never called, and the warehouse round trip only reads.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class IngestWarmupTest {

    @Inject
    IngestConfig config;

    @Inject
    ConfiguredSources configured;

    @Inject
    Vertx vertx;

    @Inject
    SourcesClient sources;

    @Inject
    RunsClient runs;

    @Test
    void theWarmUpScansCleansAndWritesEveryMadeUpRecord() throws Exception {
        // given the made-up pages, read as plain JSON
        long expected = 0;
        for (int page = 0; page < IngestWarmup.PAGES; page++) {
            expected += SourceJson.readTree(IngestWarmup.page(IngestPipeline.rules(configured.single()), page))
                    .size();
        }

        int sourceRequestsBefore = SourceResource.server().getAllServeEvents().size();

        // when the warm-up runs
        AtomicLong bytes = new AtomicLong();
        long records = IngestWarmup.run(config, configured.single(), vertx, bytes);

        // then it fetched and went through every one of them, wrote batch bodies for them (to nowhere), and never
        // called the source
        assertThat(records).isEqualTo(expected).isEqualTo((long) IngestWarmup.PAGES * IngestWarmup.PER_PAGE);
        assertThat(bytes.get()).isGreaterThan(records * 100);
        assertThat(SourceResource.server().getAllServeEvents()).hasSize(sourceRequestsBefore);
    }

    @Test
    void theWarehouseRoundTripReadsTheSourcesWatermarkAndRunsAndWritesNothing() {
        // given the source's runs and watermark as the warehouse holds them
        String source = config.load().source();
        var runsBefore = runs.recent(source, 100);
        var watermarkBefore = sources.watermark(source);

        // when the round trip runs
        String said = IngestWarmup.roundTrip(configured.single(), sources, runs);

        // then it read both, and the warehouse holds what it held
        assertThat(said).contains("the watermark of source " + source).contains("latest runs");
        assertThat(runs.recent(source, 100)).isEqualTo(runsBefore);
        assertThat(sources.watermark(source)).isEqualTo(watermarkBefore);
    }
}
