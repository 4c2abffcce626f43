package io.dailyetl.ingest.clean;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.ingest.SourceJson;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordCleanerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final RecordCleaner UTC_CLEANER = new RecordCleaner(CleaningRules.defaults());

    // ---- helpers --------------------------------------------------------------------------------------------

    private static JsonNode json(String text) {
        try {
            return SourceJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A valid record in the default field names, with {@code overrides} (a JSON object's members) replacing fields. */
    private static JsonNode record(String overrides) {
        ObjectNode base = (ObjectNode) json("""
                {"id":"tx-1","user_id":"u-1","amount":"12.50","status":"active","created_at":"2026-11-19T10:00:00Z"}""");
        base.setAll((ObjectNode) json("{" + overrides + "}"));
        return base;
    }

    /** The same valid record without the named field. */
    private static JsonNode recordWithout(String field) {
        ObjectNode node = (ObjectNode) record("");
        node.remove(field);
        return node;
    }

    private static Cleaned.Clean cleaned(Cleaned result) {
        assertThat(result).isInstanceOf(Cleaned.Clean.class);
        return (Cleaned.Clean) result;
    }

    private static String reason(Cleaned result) {
        assertThat(result).isInstanceOf(Cleaned.Rejected.class);
        return ((Cleaned.Rejected) result).reason();
    }

    private static Cleaned.Clean cleanedWith(String overrides) {
        return cleaned(UTC_CLEANER.clean(record(overrides)));
    }

    private static String reasonFor(String overrides) {
        return reason(UTC_CLEANER.clean(record(overrides)));
    }

    private static Instant createdAt(String createdAtJson, ZoneId zone) {
        RecordCleaner cleaner =
                new RecordCleaner(new CleaningRules("id", "user_id", "amount", "status", "created_at", zone));
        return cleaned(cleaner.clean(record("\"created_at\":" + createdAtJson))).createdAt();
    }

    // ---- the record as a whole ------------------------------------------------------------------------------

    @Test
    void validRecordIsCleanedIntoTheFiveFieldsAndEmptyAttributes() {
        // given a record with exactly the five mapped fields
        JsonNode raw = record("");

        // when
        Cleaned.Clean clean = cleaned(UTC_CLEANER.clean(raw));

        // then
        assertThat(clean.id()).isEqualTo("tx-1");
        assertThat(clean.userId()).isEqualTo("u-1");
        assertThat(clean.amount()).isEqualTo(new BigDecimal("12.50"));
        assertThat(clean.status()).isEqualTo("active");
        assertThat(clean.createdAt()).isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
        assertThat(clean.attributes().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"id\":\"tx-1\"}]", "\"tx-1\"", "42", "true", "null"})
    void recordThatIsNotAnObjectIsRejected(String rawJson) {
        // given a JSON value that is not an object
        JsonNode raw = json(rawJson);

        // when
        Cleaned result = UTC_CLEANER.clean(raw);

        // then
        assertThat(reason(result)).isEqualTo("record: not a JSON object");
    }

    @Test
    void missingRecordIsRejectedAsNotAnObject() {
        // given no node at all / when / then
        assertThat(reason(UTC_CLEANER.clean(null))).isEqualTo("record: not a JSON object");
    }

    static Stream<Arguments> progressivelyRepairedRecords() {
        return Stream.of(
                Arguments.of(
                        "{\"id\":true,\"user_id\":true,\"amount\":true,\"status\":1,\"created_at\":true,\"x\":\"\\u0000\"}",
                        "id: expected a string or number"),
                Arguments.of(
                        "{\"id\":\"a\",\"user_id\":true,\"amount\":true,\"status\":1,\"created_at\":true,\"x\":\"\\u0000\"}",
                        "user_id: expected a string or number"),
                Arguments.of(
                        "{\"id\":\"a\",\"user_id\":\"b\",\"amount\":true,\"status\":1,\"created_at\":true,\"x\":\"\\u0000\"}",
                        "amount: expected a number or numeric string"),
                Arguments.of(
                        "{\"id\":\"a\",\"user_id\":\"b\",\"amount\":1,\"status\":1,\"created_at\":true,\"x\":\"\\u0000\"}",
                        "status: expected a string"),
                Arguments.of(
                        "{\"id\":\"a\",\"user_id\":\"b\",\"amount\":1,\"status\":\"s\",\"created_at\":true,\"x\":\"\\u0000\"}",
                        "created_at: unparseable \"true\""),
                Arguments.of(
                        "{\"id\":\"a\",\"user_id\":\"b\",\"amount\":1,\"status\":\"s\",\"created_at\":0,\"x\":\"\\u0000\"}",
                        "x: contains a NUL character"));
    }

    @ParameterizedTest
    @MethodSource("progressivelyRepairedRecords")
    void firstFailingFieldIsReportedInTheOrderIdUserIdAmountStatusCreatedAtAttributes(String rawJson, String expected) {
        // given a record whose fields are wrong from some point on
        JsonNode raw = json(rawJson);

        // when
        Cleaned result = UTC_CLEANER.clean(raw);

        // then only the first failing field is named
        assertThat(reason(result)).isEqualTo(expected);
    }

    @Test
    void inputRecordIsNotModified() {
        // given
        JsonNode raw = record("\"status\":\" Active \",\"extra\":{\"a\":[1,2]},\"amount\":null");
        JsonNode before = raw.deepCopy();

        // when
        UTC_CLEANER.clean(raw);

        // then
        assertThat(raw).isEqualTo(before);
    }

    // ---- id and user_id -------------------------------------------------------------------------------------

    @Nested
    class Identifiers {

        @Test
        void numericIdBecomesItsPlainDigits() {
            // given / when
            Cleaned.Clean clean = cleanedWith("\"id\":42,\"user_id\":12345678901234567890");

            // then
            assertThat(clean.id()).isEqualTo("42");
            assertThat(clean.userId()).isEqualTo("12345678901234567890");
        }

        @Test
        void decimalIdBecomesItsPlainDecimalForm() {
            // given / when / then
            assertThat(cleanedWith("\"id\":4.50").id()).isEqualTo("4.50");
            assertThat(cleanedWith("\"id\":1e3").id()).isEqualTo("1000");
        }

        @Test
        void stringIdIsKeptVerbatim() {
            // given an id with surrounding spaces and mixed case
            // when
            Cleaned.Clean clean = cleanedWith("\"id\":\" Tx-1 \"");

            // then
            assertThat(clean.id()).isEqualTo(" Tx-1 ");
        }

        @Test
        void missingIdIsRejectedAsRequired() {
            // given / when / then
            assertThat(reason(UTC_CLEANER.clean(recordWithout("id")))).isEqualTo("id: required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"null", "\"\"", "\"   \"", "\"\\t\\n\""})
        void nullOrBlankIdIsRejectedAsRequired(String idJson) {
            // given / when / then
            assertThat(reasonFor("\"id\":" + idJson)).isEqualTo("id: required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"true", "{\"a\":1}", "[1]"})
        void idOfAnotherTypeIsRejected(String idJson) {
            // given / when / then
            assertThat(reasonFor("\"id\":" + idJson)).isEqualTo("id: expected a string or number");
        }

        @Test
        void idLongerThan256CharactersIsRejected() {
            // given / when / then
            assertThat(reasonFor("\"id\":\"" + "x".repeat(300) + "\"")).isEqualTo("id: longer than 256 characters");
            assertThat(cleanedWith("\"id\":\"" + "x".repeat(256) + "\"").id()).hasSize(256);
        }

        @Test
        void numericIdWithAHugeExponentIsRejectedAsTooLongWithoutExpandingIt() {
            // given a number whose plain form would be a billion digits
            // when / then
            assertThat(reasonFor("\"id\":1e999999999")).isEqualTo("id: longer than 256 characters");
            assertThat(reasonFor("\"user_id\":1e-999999999")).isEqualTo("user_id: longer than 256 characters");
        }

        @Test
        void nulCharacterInIdOrUserIdIsRejected() {
            // given / when / then
            assertThat(reasonFor("\"id\":\"tx\\u00001\"")).isEqualTo("id: contains a NUL character");
            assertThat(reasonFor("\"user_id\":\"u\\u0000\"")).isEqualTo("user_id: contains a NUL character");
        }

        @Test
        void missingOrBlankUserIdIsRejectedAsRequired() {
            // given / when / then
            assertThat(reason(UTC_CLEANER.clean(recordWithout("user_id")))).isEqualTo("user_id: required");
            assertThat(reasonFor("\"user_id\":\" \"")).isEqualTo("user_id: required");
            assertThat(reasonFor("\"user_id\":false")).isEqualTo("user_id: expected a string or number");
        }

        @Test
        void unicodeUserIdIsKept() {
            // given / when
            Cleaned.Clean clean = cleanedWith("\"user_id\":\"Zoë-東京-😀\"");

            // then
            assertThat(clean.userId()).isEqualTo("Zoë-東京-😀");
        }
    }

    // ---- amount ---------------------------------------------------------------------------------------------

    @Nested
    class Amounts {

        @Test
        void numericStringIsParsedExactlyKeepingItsScale() {
            // given / when
            BigDecimal amount = cleanedWith("\"amount\":\"12.50\"").amount();

            // then
            assertThat(amount).isEqualTo(new BigDecimal("12.50"));
            assertThat(amount.scale()).isEqualTo(2);
        }

        @Test
        void numericStringIsTrimmed() {
            // given / when / then
            assertThat(cleanedWith("\"amount\":\" -3.25 \"").amount()).isEqualTo(new BigDecimal("-3.25"));
        }

        @Test
        void jsonNumberKeepsItsExactDecimalValue() {
            // given 0.1, which no binary floating-point number represents
            // when
            BigDecimal amount = cleanedWith("\"amount\":0.1").amount();

            // then
            assertThat(amount).isEqualTo(new BigDecimal("0.1"));
            assertThat(cleanedWith("\"amount\":12.50").amount()).isEqualTo(new BigDecimal("12.50"));
            assertThat(cleanedWith("\"amount\":7").amount()).isEqualTo(new BigDecimal("7"));
        }

        @Test
        void nullOrMissingAmountIsZero() {
            // given / when / then
            assertThat(cleanedWith("\"amount\":null").amount()).isEqualTo(BigDecimal.ZERO);
            assertThat(cleaned(UTC_CLEANER.clean(recordWithout("amount"))).amount())
                    .isEqualTo(BigDecimal.ZERO);
        }

        @ParameterizedTest
        @ValueSource(strings = {"12,50", "abc", "", "  ", "NaN", "Infinity", "-Infinity", "1.2.3", "12 50", "$12"})
        void nonNumericStringIsRejectedNamingAmountAndQuotingTheValue(String value) {
            // given / when
            String reason = reasonFor("\"amount\":\"" + value + "\"");

            // then
            assertThat(reason).isEqualTo("amount: not a number \"" + value + "\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {"true", "{\"v\":1}", "[1]"})
        void amountOfAnotherTypeIsRejected(String amountJson) {
            // given / when / then
            assertThat(reasonFor("\"amount\":" + amountJson)).isEqualTo("amount: expected a number or numeric string");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "\"1.1234567\"",
                    "0.0000001",
                    "\"1234567890123456\"",
                    "1234567890123456",
                    "1e16",
                    "1e-999999999",
                    "1e999999999"
                })
        void amountBeyondFifteenIntegerDigitsOrSixDecimalPlacesIsRejected(String amountJson) {
            // given / when
            String reason = reasonFor("\"amount\":" + amountJson);

            // then
            assertThat(reason).startsWith("amount: out of range \"");
        }

        @Test
        void outOfRangeReasonQuotesTheValue() {
            // given / when / then
            assertThat(reasonFor("\"amount\":\"1.1234567\"")).isEqualTo("amount: out of range \"1.1234567\"");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "\"123456789012345.123456\"",
                    "\"-123456789012345.123456\"",
                    "\"1.50000000000\"",
                    "1e14",
                    "999999999999999",
                    "\"0.000000000\"",
                    "\"100000000000000000e-3\""
                })
        void amountWithinTheBoundsAfterStrippingTrailingZerosIsAccepted(String amountJson) {
            // given / when
            BigDecimal amount = cleanedWith("\"amount\":" + amountJson).amount();

            // then the exact value is kept as given
            assertThat(amount).isEqualByComparingTo(new BigDecimal(amountJson.replace("\"", "")));
        }

        @Test
        void nulInAnAmountStringIsNotCopiedIntoTheReason() {
            // given / when
            String reason = reasonFor("\"amount\":\"12\\u000050\"");

            // then
            assertThat(reason).isEqualTo("amount: not a number \"12\\u000050\"").doesNotContain("\0");
        }
    }

    // ---- status ---------------------------------------------------------------------------------------------

    @Nested
    class Statuses {

        @Test
        void statusIsTrimmedAndLowerCased() {
            // given / when / then
            assertThat(cleanedWith("\"status\":\" Active \"").status()).isEqualTo("active");
            assertThat(cleanedWith("\"status\":\"REFUNDED\\n\"").status()).isEqualTo("refunded");
        }

        @Test
        void statusIsLowerCasedIndependentlyOfTheDefaultLocale() {
            // given a Turkish default locale, where "I".toLowerCase() is a dotless ı
            Locale saved = Locale.getDefault();
            Locale.setDefault(Locale.forLanguageTag("tr"));
            try {
                // when / then
                assertThat(cleanedWith("\"status\":\"PAID\"").status()).isEqualTo("paid");
            } finally {
                Locale.setDefault(saved);
            }
        }

        @Test
        void missingNullOrBlankStatusIsRejectedAsRequired() {
            // given / when / then
            assertThat(reason(UTC_CLEANER.clean(recordWithout("status")))).isEqualTo("status: required");
            assertThat(reasonFor("\"status\":null")).isEqualTo("status: required");
            assertThat(reasonFor("\"status\":\"   \"")).isEqualTo("status: required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "true", "{}", "[\"active\"]"})
        void nonStringStatusIsRejected(String statusJson) {
            // given / when / then
            assertThat(reasonFor("\"status\":" + statusJson)).isEqualTo("status: expected a string");
        }

        @Test
        void overlongOrNulStatusIsRejected() {
            // given / when / then
            assertThat(reasonFor("\"status\":\"" + "a".repeat(257) + "\""))
                    .isEqualTo("status: longer than 256 characters");
            assertThat(reasonFor("\"status\":\"act\\u0000ive\"")).isEqualTo("status: contains a NUL character");
        }
    }

    // ---- created_at -----------------------------------------------------------------------------------------

    @Nested
    class Timestamps {

        @Test
        void instantWithZIsParsed() {
            // given / when / then
            assertThat(createdAt("\"2026-11-19T10:00:00Z\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
        }

        @Test
        void offsetsAreAppliedToGiveTheInstant() {
            // given / when / then
            assertThat(createdAt("\"2026-11-19T12:00:00+02:00\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
            assertThat(createdAt("\"2026-11-19T04:30:00-05:30\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
            assertThat(createdAt("\"2026-11-19T10:00:00+00:00\"", BERLIN))
                    .isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
        }

        @Test
        void fractionsOfASecondAreKept() {
            // given / when / then
            assertThat(createdAt("\"2026-11-19T10:00:00.5Z\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("2026-11-19T10:00:00.500Z"));
            assertThat(createdAt("\"2026-11-19T12:00:00.123456789+02:00\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("2026-11-19T10:00:00.123456789Z"));
        }

        @Test
        void impossibleDateIsRejectedNamingTheField() {
            // given / when
            String reason = reasonFor("\"created_at\":\"2026-02-30T12:00:00Z\"");

            // then
            assertThat(reason).isEqualTo("created_at: unparseable \"2026-02-30T12:00:00Z\"");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "2026-02-29T12:00:00Z",
                    "2100-02-29T00:00:00Z",
                    "2026-04-31T00:00:00Z",
                    "2026-13-01T00:00:00Z",
                    "2026-00-10T00:00:00Z",
                    "2026-11-00T00:00:00Z",
                    "2026-11-19T24:00:00Z",
                    "2026-11-19T23:60:00Z",
                    "2026-11-19T23:59:60Z",
                    "2026-11-19T10:00:00+18:01",
                    "2026-11-19T10:00:00+02:60",
                    "2026-02-30",
                    "2026-02-30T12:00",
                    "2026-11-19T1O:00:00Z",
                    "2026-11-19T10:00:00.1234567891Z",
                    "2026-11-19 10:00:00Z",
                    "2026-11-19T10:00:00+0200",
                    "not-a-date",
                    "",
                    "1763546400",
                    "2026-11-19T10:00:00Z[UTC]",
                    "２０２６-11-19"
                })
        void impossibleOrMalformedTimestampIsRejected(String value) {
            // given / when / then
            assertThat(reasonFor("\"created_at\":\"" + value + "\""))
                    .isEqualTo("created_at: unparseable \"" + value + "\"");
        }

        @Test
        void leapDayOfALeapYearIsAccepted() {
            // given / when / then
            assertThat(createdAt("\"2024-02-29T00:00:00Z\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
            assertThat(createdAt("\"2000-02-29T00:00:00Z\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("2000-02-29T00:00:00Z"));
        }

        @Test
        void localDateTimeAndDateAreReadInUtcByDefault() {
            // given / when / then
            assertThat(createdAt("\"2026-11-19T10:00:00\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
            assertThat(createdAt("\"2026-11-19T10:00\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
            assertThat(createdAt("\"2026-11-19\"", ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-11-19T00:00:00Z"));
        }

        @Test
        void localDateTimeAndDateAreReadInTheConfiguredZone() {
            // given Europe/Berlin: +01:00 in winter, +02:00 in summer
            // when / then
            assertThat(createdAt("\"2026-11-19T11:00:00\"", BERLIN)).isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
            assertThat(createdAt("\"2026-07-01T12:00\"", BERLIN)).isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
            assertThat(createdAt("\"2026-11-19\"", BERLIN)).isEqualTo(Instant.parse("2026-11-18T23:00:00Z"));
            assertThat(createdAt("\"2026-11-19T11:00:00\"", ZoneOffset.ofHours(1)))
                    .isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
        }

        @Test
        void localTimesOnDstChangeDaysUseJavaTimeDefaultResolution() {
            // given 2026-03-29 (clocks go 02:00 -> 03:00) and 2026-10-25 (03:00 -> 02:00) in Berlin
            // when / then a time in the gap moves forward by the gap, a time in the overlap takes the earlier offset
            assertThat(createdAt("\"2026-03-29T02:30:00\"", BERLIN)).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
            assertThat(createdAt("\"2026-03-29T03:30:00\"", BERLIN)).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
            assertThat(createdAt("\"2026-10-25T02:30:00\"", BERLIN)).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
            assertThat(createdAt("\"2026-03-29\"", BERLIN)).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
            assertThat(createdAt("\"2026-03-30\"", BERLIN)).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        }

        @Test
        void epochSecondsAndMillisecondsAreTellApartByMagnitude() {
            // given / when / then
            assertThat(createdAt("1763546400", ZoneOffset.UTC)).isEqualTo(Instant.ofEpochSecond(1763546400L));
            assertThat(createdAt("1763546400000", ZoneOffset.UTC)).isEqualTo(Instant.ofEpochSecond(1763546400L));
            assertThat(createdAt("99999999999", ZoneOffset.UTC)).isEqualTo(Instant.ofEpochSecond(99_999_999_999L));
            assertThat(createdAt("100000000000", ZoneOffset.UTC)).isEqualTo(Instant.ofEpochMilli(100_000_000_000L));
            assertThat(createdAt("-86400", ZoneOffset.UTC)).isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
            assertThat(createdAt("1763546400.0", ZoneOffset.UTC)).isEqualTo(Instant.ofEpochSecond(1763546400L));
            assertThat(createdAt("1.7635464E9", ZoneOffset.UTC)).isEqualTo(Instant.ofEpochSecond(1763546400L));
        }

        @Test
        void fractionalEpochIsRejected() {
            // given / when / then
            assertThat(reasonFor("\"created_at\":1763546400.5")).isEqualTo("created_at: unparseable \"1763546400.5\"");
        }

        @Test
        void missingOrNullCreatedAtIsRejectedAsRequired() {
            // given / when / then
            assertThat(reason(UTC_CLEANER.clean(recordWithout("created_at")))).isEqualTo("created_at: required");
            assertThat(reasonFor("\"created_at\":null")).isEqualTo("created_at: required");
        }

        @Test
        void otherTypesAreRejectedAsUnparseable() {
            // given / when / then
            assertThat(reasonFor("\"created_at\":true")).isEqualTo("created_at: unparseable \"true\"");
            assertThat(reasonFor("\"created_at\":{\"t\":1}")).isEqualTo("created_at: unparseable \"{\"t\":1}\"");
        }

        @Test
        void longValuesAreAbbreviatedInTheReason() {
            // given / when
            String reason = reasonFor("\"created_at\":\"" + "x".repeat(100) + "\"");

            // then
            assertThat(reason).isEqualTo("created_at: unparseable \"" + "x".repeat(64) + "...\"");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "\"0000-12-31T23:59:59Z\"",
                    "\"+10000-01-01T00:00:00Z\"",
                    "\"9999-12-31T23:59:59-00:01\"",
                    "\"0001-01-01T00:30:00+01:00\"",
                    "\"-0001-06-01\"",
                    "253402300800000",
                    "-62135596801",
                    "100000000000000000000"
                })
        void instantOutsideTheYears1To9999IsRejectedAsOutOfRange(String createdAtJson) {
            // given / when / then
            assertThat(reasonFor("\"created_at\":" + createdAtJson)).startsWith("created_at: out of range \"");
        }

        @Test
        void firstAndLastInstantsOfTheRangeAreAccepted() {
            // given / when / then
            assertThat(createdAt("\"0001-01-01T00:00:00Z\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
            assertThat(createdAt("\"9999-12-31T23:59:59.999999999Z\"", ZoneOffset.UTC))
                    .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
            assertThat(createdAt("-62135596800", ZoneOffset.UTC)).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "2026-11-19t10:00:00z",
                    "2026-11-19T10:00:00.Z",
                    "2026-11-19T12:00:00+02",
                    "2026-11-19T12:00:30+02:00:30",
                    "2026-11-19T10:00Z",
                    "2026-11-19T10:00:00-00:00"
                })
        void unusualShapesThatJavaTimeAcceptsAreAccepted(String value) {
            // given / when
            Instant instant = createdAt("\"" + value + "\"", ZoneOffset.UTC);

            // then
            assertThat(instant).isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
        }

        /**
         * The hand-rolled parser must agree with java.time on every text: generated timestamps (valid and not) and
         * single-character mutations of valid ones are cleaned and compared with java.time's own answer.
         */
        @Test
        void timestampParsingAgreesWithJavaTimeOnValidityAndValue() {
            // given generated timestamps (valid and not) and single-character edits of valid ones
            List<String> texts = new ArrayList<>();
            Random random = new Random(20261119);
            for (int i = 0; i < 600; i++) {
                texts.add(randomTimestamp(random));
            }
            String alphabet = "09-:T.Z+t \u0663";
            for (String seed : List.of(
                    "2024-02-29T23:59:59.123456789+18:00",
                    "2026-03-29T02:30",
                    "2026-10-25",
                    "0001-01-01T00:00:00-05:30")) {
                for (int i = 0; i < seed.length(); i++) {
                    texts.add(seed.substring(0, i) + seed.substring(i + 1));
                    for (char c : alphabet.toCharArray()) {
                        texts.add(seed.substring(0, i) + c + seed.substring(i + 1));
                        texts.add(seed.substring(0, i) + c + seed.substring(i));
                    }
                }
            }
            List<Temporal> javaTimeReadings =
                    texts.stream().map(Timestamps::javaTime).toList();
            Instant firstInstant = Instant.parse("0001-01-01T00:00:00Z");
            Instant endInstant = Instant.parse("+10000-01-01T00:00:00Z");
            ObjectNode raw = (ObjectNode) record("");
            List<String> disagreements = new ArrayList<>();
            int accepted = 0;

            for (ZoneId zone : List.of(ZoneOffset.UTC, BERLIN, ZoneOffset.ofHoursMinutes(-5, -30))) {
                RecordCleaner cleaner =
                        new RecordCleaner(new CleaningRules("id", "user_id", "amount", "status", "created_at", zone));
                for (int i = 0; i < texts.size(); i++) {
                    String text = texts.get(i);

                    // when
                    Cleaned result = cleaner.clean(raw.put("created_at", text));

                    // then the outcome is java.time's
                    Instant expected = instant(javaTimeReadings.get(i), zone);
                    Cleaned wanted;
                    if (expected == null) {
                        wanted = new Cleaned.Rejected("created_at: unparseable \"" + text + "\"");
                    } else if (expected.isBefore(firstInstant) || !expected.isBefore(endInstant)) {
                        wanted = new Cleaned.Rejected("created_at: out of range \"" + text + "\"");
                    } else {
                        wanted = null;
                        accepted++;
                    }
                    boolean agrees = wanted == null
                            ? result instanceof Cleaned.Clean clean
                                    && clean.createdAt().equals(expected)
                            : result.equals(wanted);
                    if (!agrees) {
                        disagreements.add(text + " in " + zone + ": got " + result + ", java.time says " + expected);
                    }
                }
            }
            assertThat(disagreements).isEmpty();
            assertThat(accepted)
                    .as("enough valid timestamps among the generated ones")
                    .isGreaterThan(300);
        }

        private static String randomTimestamp(Random r) {
            StringBuilder s = new StringBuilder();
            s.append(String.format(
                    "%04d-%02d-%02d",
                    r.nextInt(10) == 0 ? r.nextInt(10_000) : 1995 + r.nextInt(40), r.nextInt(14), r.nextInt(33)));
            if (r.nextInt(8) == 0) {
                return s.toString();
            }
            s.append(String.format("T%02d:%02d", r.nextInt(25), r.nextInt(61)));
            if (r.nextInt(6) != 0) {
                s.append(String.format(":%02d", r.nextInt(61)));
                if (r.nextBoolean()) {
                    s.append('.');
                    int digits = r.nextInt(11);
                    for (int i = 0; i < digits; i++) {
                        s.append((char) ('0' + r.nextInt(10)));
                    }
                }
            }
            switch (r.nextInt(4)) {
                case 0 -> {}
                case 1 -> s.append('Z');
                default ->
                    s.append(String.format("%s%02d:%02d", r.nextBoolean() ? "+" : "-", r.nextInt(20), r.nextInt(61)));
            }
            return s.toString();
        }

        /** java.time's own reading of the text (the reference): an offset or local date-time, a date, or null. */
        private static Temporal javaTime(String text) {
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeException e) {
                // not an offset date-time
            }
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            } catch (DateTimeException e) {
                // not a local date-time
            }
            try {
                return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeException e) {
                return null;
            }
        }

        private static Instant instant(Temporal reading, ZoneId zone) {
            if (reading instanceof OffsetDateTime offsetDateTime) {
                return offsetDateTime.toInstant();
            }
            if (reading instanceof LocalDateTime localDateTime) {
                return ZonedDateTime.of(localDateTime, zone).toInstant();
            }
            if (reading instanceof LocalDate date) {
                return date.atStartOfDay(zone).toInstant();
            }
            return null;
        }
    }

    // ---- attributes -----------------------------------------------------------------------------------------

    @Nested
    class Attributes {

        @Test
        void extraAndNestedFieldsGoUnchangedIntoAttributesAndMappedFieldsDoNot() {
            // given
            JsonNode raw = record("""
                    "channel":"web","score":0.1,"count":3,"flag":false,"none":null,
                    "meta":{"tags":["a","b"],"geo":{"lat":52.52,"city":"Zürich 東京"}},"list":[1,{"x":"y"}]""");

            // when
            ObjectNode attributes = cleaned(UTC_CLEANER.clean(raw)).attributes();

            // then
            assertThat(attributes).isEqualTo(json("""
                    {"channel":"web","score":0.1,"count":3,"flag":false,"none":null,
                     "meta":{"tags":["a","b"],"geo":{"lat":52.52,"city":"Zürich 東京"}},"list":[1,{"x":"y"}]}"""));
            assertThat(attributes.has("id")).isFalse();
            assertThat(attributes.has("user_id")).isFalse();
            assertThat(attributes.has("amount")).isFalse();
            assertThat(attributes.has("status")).isFalse();
            assertThat(attributes.has("created_at")).isFalse();
            assertThat(attributes.get("score").decimalValue()).isEqualTo(new BigDecimal("0.1"));
            assertThat(attributes.get("meta")).isSameAs(raw.get("meta"));
        }

        @Test
        void nullMappedFieldsDoNotLeakIntoAttributes() {
            // given an amount that is JSON null (cleaned to zero)
            // when
            ObjectNode attributes = cleanedWith("\"amount\":null").attributes();

            // then
            assertThat(attributes.isEmpty()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "\"note\":\"a\\u0000b\"",
                    "\"note\":{\"deep\":[\"ok\",\"\\u0000\"]}",
                    "\"note\":{\"k\\u0000\":1}",
                    "\"note\":[[{\"x\":{\"y\":\"\\u0000\"}}]]"
                })
        void nulCharacterAnywhereInAnAttributeIsRejectedNamingTheField(String attribute) {
            // given / when / then
            assertThat(reasonFor("\"other\":\"fine\"," + attribute)).isEqualTo("note: contains a NUL character");
        }

        @Test
        void nulCharacterInAnAttributeNameIsRejectedWithoutPuttingTheNulInTheReason() {
            // given / when
            String reason = reasonFor("\"bad\\u0000name\":1");

            // then
            assertThat(reason)
                    .isEqualTo("bad\\u0000name: contains a NUL character")
                    .doesNotContain("\0");
        }
    }

    // ---- custom field names ---------------------------------------------------------------------------------

    @Nested
    class CustomFieldNames {

        private final RecordCleaner cleaner =
                new RecordCleaner(new CleaningRules("txn_id", "customer", "value", "state", "ts", BERLIN));

        @Test
        void configuredFieldNamesAreMappedAndTheDefaultNamesBecomeAttributes() {
            // given
            JsonNode raw = json("""
                    {"txn_id":7,"customer":"c-9","value":"1.5","state":" Pending ","ts":"2026-11-19T11:00:00",
                     "id":"not-the-id","amount":99}""");

            // when
            Cleaned.Clean clean = cleaned(cleaner.clean(raw));

            // then
            assertThat(clean.id()).isEqualTo("7");
            assertThat(clean.userId()).isEqualTo("c-9");
            assertThat(clean.amount()).isEqualTo(new BigDecimal("1.5"));
            assertThat(clean.status()).isEqualTo("pending");
            assertThat(clean.createdAt()).isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
            assertThat(clean.attributes()).isEqualTo(json("{\"id\":\"not-the-id\",\"amount\":99}"));
        }

        @Test
        void rejectionsNameTheConfiguredSourceField() {
            // given / when / then
            assertThat(reason(cleaner.clean(json("{\"id\":\"x\"}")))).isEqualTo("txn_id: required");
            assertThat(reason(cleaner.clean(json("{\"txn_id\":\"x\"}")))).isEqualTo("customer: required");
            assertThat(reason(cleaner.clean(json("{\"txn_id\":\"x\",\"customer\":\"c\",\"value\":\"12,50\"}"))))
                    .isEqualTo("value: not a number \"12,50\"");
            assertThat(reason(cleaner.clean(json("{\"txn_id\":\"x\",\"customer\":\"c\"}"))))
                    .isEqualTo("state: required");
            assertThat(reason(cleaner.clean(
                            json("{\"txn_id\":\"x\",\"customer\":\"c\",\"state\":\"s\",\"ts\":\"2026-02-30\"}"))))
                    .isEqualTo("ts: unparseable \"2026-02-30\"");
        }
    }
}
