package io.dailyetl.ingest.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written formatter must name exactly the instant java.time would, for every year ingest lets through. */
class IsoInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0001-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
            "2000-02-29T12:34:56.5Z", "2024-02-29T00:00:00.000001Z", "2026-11-19T10:00:00Z", "2100-03-01T00:00:00.120Z",
            "9999-12-31T23:59:59.999999999Z"})
    void formatsKnownInstantsAsIso(String iso) {
        Instant instant = Instant.parse(iso);

        String formatted = IsoInstants.format(instant);

        assertThat(Instant.parse(formatted)).isEqualTo(instant);
        assertThat(formatted).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    }

    @Test
    void agreesWithJavaTimeOnAMillionRandomInstants() {
        SplittableRandom random = new SplittableRandom(20261127);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 1_000_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1),
                    random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));

            assertThat(Instant.parse(IsoInstants.format(instant))).isEqualTo(instant);
        }
    }
}
