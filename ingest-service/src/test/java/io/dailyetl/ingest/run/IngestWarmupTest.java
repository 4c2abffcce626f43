package io.dailyetl.ingest.run;

import io.dailyetl.ingest.SourceJson;
import io.dailyetl.ingest.SourceResource;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up warm-up goes through every record of its made-up pages, as a run would, and sends nothing. */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class IngestWarmupTest {

    @Inject
    IngestConfig config;

    @Test
    void theWarmUpScansCleansAndWritesEveryMadeUpRecord() throws Exception {
        // given the made-up pages, read as plain JSON
        long expected = 0;
        for (int page = 0; page < IngestWarmup.PAGES; page++) {
            expected += SourceJson.readTree(IngestWarmup.page(IngestPipeline.rules(config), page)).size();
        }

        // when the warm-up runs
        AtomicLong bytes = new AtomicLong();
        long records = IngestWarmup.run(config, bytes);

        // then it went through every one of them, and wrote batch bodies for them (to nowhere)
        assertThat(records).isEqualTo(expected).isEqualTo((long) IngestWarmup.PAGES * IngestWarmup.PER_PAGE);
        assertThat(bytes.get()).isGreaterThan(records * 100);
    }
}
