package io.dailyetl.ingest.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.ingest.config.IngestConfig.TimeFormat;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a pull's bounds are written into the source's query: epoch values only ever widen the window. */
class PullTest {

    private static final Instant EXACT = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant BETWEEN = Instant.parse("2026-11-24T10:00:00.250500Z");

    @Test
    void isoBoundsAreWrittenAsTheyAre() {
        assertThat(Pull.write(BETWEEN, TimeFormat.ISO, false)).isEqualTo("2026-11-24T10:00:00.250500Z");
        assertThat(Pull.write(EXACT, TimeFormat.ISO, true)).isEqualTo("2026-11-24T10:00:00Z");
    }

    @Test
    void epochLowerBoundsRoundDownAndUpperBoundsUp() {
        assertThat(Pull.write(BETWEEN, TimeFormat.EPOCH_SECONDS, false)).isEqualTo("1795514400");
        assertThat(Pull.write(BETWEEN, TimeFormat.EPOCH_SECONDS, true)).isEqualTo("1795514401");
        assertThat(Pull.write(BETWEEN, TimeFormat.EPOCH_MILLIS, false)).isEqualTo("1795514400250");
        assertThat(Pull.write(BETWEEN, TimeFormat.EPOCH_MILLIS, true)).isEqualTo("1795514400251");
        // a bound on a whole unit stays where it is
        assertThat(Pull.write(EXACT, TimeFormat.EPOCH_SECONDS, true)).isEqualTo("1795514400");
        assertThat(Pull.write(EXACT, TimeFormat.EPOCH_MILLIS, true)).isEqualTo("1795514400000");
    }

    @Test
    void onlyPullsThatReachUpToNowMoveTheWatermark() {
        assertThat(Pull.EVERYTHING.movesWatermark()).isTrue();
        assertThat(new Pull(Pull.Mode.INCREMENTAL, EXACT, null, EXACT).movesWatermark())
                .isTrue();
        assertThat(new Pull(Pull.Mode.BACKFILL, EXACT, null, EXACT).movesWatermark())
                .isFalse();
    }
}
