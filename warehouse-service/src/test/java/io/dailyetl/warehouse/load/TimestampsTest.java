package io.dailyetl.warehouse.load;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written fast path must agree with java.time on every value it accepts or refuses. */
class TimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-19T10:00:00Z", "2026-11-19T10:00:00.123Z", "2026-11-19T10:00:00.123456789Z",
            "2026-11-19T10:00:00+02:00", "2026-11-19T10:00:00-05:30", "2024-02-29T00:00:00Z", "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999Z", "2026-11-19T10:00:00+18:00"})
    void acceptsWhatJavaTimeAccepts(String value) {
        assertThat(Timestamps.isCommonValid(value)).isTrue();
        assertThat(Timestamps.forCopy(value)).isEqualTo(value);
        OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME); // does not throw
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T12:00:00Z", "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-11-31T00:00:00Z", "2026-11-19T24:00:00Z", "2026-11-19T10:60:00Z", "2026-11-19T10:00:60Z",
            "2026-11-19T10:00:00", "2026-11-19 10:00:00Z", "2026-11-19T10:00:00+19:00",
            "2026-11-19T10:00:00+02:60", "0000-01-01T00:00:00Z", "not-a-date", "2026-11-19T1a:00:00Z",
            "2026-11-19T10:00:00.1234567890Z"})
    void refusesWhatIsNotARealInstant(String value) {
        assertThat(Timestamps.forCopy(value)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-19T10:00Z", "2026-11-19t10:00:00z", "2026-11-19T10:00:00+02:00:30",
            "2026-11-19T10:00:00.Z"})
    void otherIsoShapesGoThroughJavaTimeAndComeOutAsUtc(String value) {
        String expected;
        try {
            expected = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toString();
        } catch (DateTimeParseException e) {
            expected = null;
        }
        assertThat(Timestamps.isCommonValid(value)).isFalse();
        assertThat(Timestamps.forCopy(value)).isEqualTo(expected);
    }
}
