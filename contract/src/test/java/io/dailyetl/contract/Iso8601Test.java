package io.dailyetl.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both halves of the codec must agree with java.time: the writer names exactly the instant java.time would, and
 * the reader's hand-written fast path accepts or refuses exactly what java.time does; what the writer writes, the
 * reader takes on its fast path.
 */
class Iso8601Test {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0001-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z",
                "2000-02-29T12:34:56.5Z",
                "2024-02-29T00:00:00.000001Z",
                "2026-11-19T10:00:00Z",
                "2100-03-01T00:00:00.120Z",
                "9999-12-31T23:59:59.999999999Z"
            })
    void formatsKnownInstantsAsIso(String iso) {
        Instant instant = Instant.parse(iso);

        String formatted = Iso8601.format(instant);

        assertThat(Instant.parse(formatted)).isEqualTo(instant);
        assertThat(formatted).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    }

    @Test
    void whatTheWriterWritesTheReaderTakesOnItsFastPathForAMillionRandomInstants() {
        SplittableRandom random = new SplittableRandom(20261127);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 1_000_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    random.nextLong(min, max + 1), random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));

            String written = Iso8601.format(instant);

            assertThat(Instant.parse(written)).isEqualTo(instant);
            assertThat(Iso8601.isWireForm(written)).as(written).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-19T10:00:00Z",
                "2026-11-19T10:00:00.123Z",
                "2026-11-19T10:00:00.123456789Z",
                "2026-11-19T10:00:00+02:00",
                "2026-11-19T10:00:00-05:30",
                "2024-02-29T00:00:00Z",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999Z",
                "2026-11-19T10:00:00+18:00"
            })
    void acceptsWhatJavaTimeAccepts(String value) {
        assertThat(Iso8601.isWireForm(value)).isTrue();
        assertThat(Iso8601.toWire(value)).isEqualTo(value);
        OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME); // does not throw
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-30T12:00:00Z",
                "2025-02-29T00:00:00Z",
                "1900-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-11-31T00:00:00Z",
                "2026-11-19T24:00:00Z",
                "2026-11-19T10:60:00Z",
                "2026-11-19T10:00:60Z",
                "2026-11-19T10:00:00",
                "2026-11-19 10:00:00Z",
                "2026-11-19T10:00:00+19:00",
                "2026-11-19T10:00:00+02:60",
                "0000-01-01T00:00:00Z",
                "not-a-date",
                "2026-11-19T1a:00:00Z",
                "2026-11-19T10:00:00.1234567890Z"
            })
    void refusesWhatIsNotARealInstant(String value) {
        assertThat(Iso8601.toWire(value)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-19T10:00Z",
                "2026-11-19t10:00:00z",
                "2026-11-19T10:00:00+02:00:30",
                "2026-11-19T10:00:00.Z"
            })
    void otherIsoShapesGoThroughJavaTimeAndComeOutAsUtc(String value) {
        String expected;
        try {
            expected = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant()
                    .toString();
        } catch (DateTimeParseException e) {
            expected = null;
        }
        assertThat(Iso8601.isWireForm(value)).isFalse();
        assertThat(Iso8601.toWire(value)).isEqualTo(expected);
    }

    @Test
    void theCalendarAgreesWithJavaTimeForEveryDayOfFourHundredYears() {
        for (java.time.LocalDate d = java.time.LocalDate.of(1800, 1, 1); d.getYear() < 2200; d = d.plusDays(1)) {
            assertThat(Iso8601.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
                    .isEqualTo(d.toEpochDay());
            assertThat(Iso8601.daysIn(d.getYear(), d.getMonthValue())).isEqualTo(d.lengthOfMonth());
        }
    }
}
