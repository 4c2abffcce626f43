package io.dailyetl.ingest.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.ingest.config.IngestConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code GET /api/schedule} says a backfill may ask, for each incremental setting (the console offers that). */
class BackfillOfferTest {

    @Test
    void incrementalOffOffersNoBackfill() {
        assertThat(NextRun.backfill(incremental(false, Optional.of("updated_before"))))
                .isEqualTo("off");
    }

    @Test
    void incrementalWithoutAnUpperBoundOffersAFromOnly() {
        assertThat(NextRun.backfill(incremental(true, Optional.empty()))).isEqualTo("from");
        assertThat(NextRun.backfill(incremental(true, Optional.of(" ")))).isEqualTo("from");
    }

    @Test
    void incrementalWithAnUpperBoundOffersAWindow() {
        assertThat(NextRun.backfill(incremental(true, Optional.of("updated_before"))))
                .isEqualTo("window");
    }

    private static IngestConfig.Incremental incremental(boolean enabled, Optional<String> untilParam) {
        return new IngestConfig.Incremental() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String sinceParam() {
                return "updated_since";
            }

            @Override
            public Optional<String> untilParam() {
                return untilParam;
            }

            @Override
            public Optional<String> field() {
                return Optional.empty();
            }

            @Override
            public IngestConfig.TimeFormat format() {
                return IngestConfig.TimeFormat.ISO;
            }

            @Override
            public Optional<Instant> initial() {
                return Optional.empty();
            }

            @Override
            public Duration lookBack() {
                return Duration.ofHours(1);
            }
        };
    }
}
