package io.dailyetl.warehouse.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.warehouse.config.WarehouseConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks' configuration is refused at start-up, naming the key, when it names no check or is out of range. */
class CheckSettingsTest {

    @Test
    void theDefaultsAreValidWithWarningsOnAndErrorsOff() {
        // given no checks configured
        WarehouseConfig.Checks checks = checks(Map.of());

        // when it is validated, then nothing is wrong, and the defaults warn but never refuse
        assertThat(CheckSettings.problems(checks)).isEmpty();
        assertThat(Thresholds.rejectShare(checks, "any")).isEqualTo(new Thresholds(0.05, null, "default"));
        assertThat(Thresholds.duplicateShare(checks, "any")).isEqualTo(new Thresholds(0.10, null, "default"));
        assertThat(Thresholds.volume(checks, "any")).isEqualTo(new Thresholds(0.5, null, "default"));
        assertThat(Thresholds.volumeRuns(checks, "any")).isEqualTo(7);
    }

    @Test
    void aSourcesThresholdOverridesTheDefaultOnlyForThatSource() {
        // given an error threshold for one source
        WarehouseConfig.Checks checks =
                checks(Map.of("warehouse.checks.sources.\"orders.eu\".reject-share.error", "0.01"));

        // then that source gets it with the default warning, and another source the defaults
        assertThat(Thresholds.rejectShare(checks, "orders.eu")).isEqualTo(new Thresholds(0.05, 0.01, "source"));
        assertThat(Thresholds.rejectShare(checks, "other")).isEqualTo(new Thresholds(0.05, null, "default"));
    }

    @Test
    void aThresholdOutOfItsRangeIsRefusedNamingTheKey() {
        // given a share above 1 by default and a negative volume ratio for a source
        WarehouseConfig.Checks checks = checks(Map.of(
                "warehouse.checks.default.reject-share.error", "5",
                "warehouse.checks.sources.orders.volume.warn", "-0.1",
                "warehouse.checks.default.volume.runs", "0"));

        // when it is validated, then each key is named with its value
        assertThat(CheckSettings.problems(checks))
                .containsExactlyInAnyOrder(
                        "warehouse.checks.default.reject-share.error=5.0 is outside [0, 1]",
                        "warehouse.checks.default.volume.runs=0 must be at least 1",
                        "warehouse.checks.sources.\"orders\".volume.warn=-0.1 is outside [0, 1]");
    }

    @Test
    void aKeyThatNamesNoCheckIsRefusedNamingIt() {
        // given a misspelt check and an unknown threshold among known keys
        List<String> names = List.of(
                "warehouse.checks.default.reject-share.warn",
                "warehouse.checks.sources.\"orders.eu\".volume.min",
                "warehouse.checks.sources.orders.duplicate-share.error",
                "warehouse.checks.default.rejects-share.warn",
                "warehouse.checks.sources.orders.volume.max",
                "warehouse.zone");

        // when they are validated, then exactly the two unknown ones are named
        assertThat(CheckSettings.unknown(names))
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).startsWith("warehouse.checks.default.rejects-share.warn is not"))
                .anySatisfy(m -> assertThat(m).startsWith("warehouse.checks.sources.orders.volume.max is not"));
    }

    @Test
    void fieldRulesApplyTheSourcesParametersAndThresholdsOverTheDefaultsAndWarnAtZeroUnlessSet() {
        // given a default currency rule and amount range, and a source that tightens both
        String p = "warehouse.checks.default.fields.";
        String s = "warehouse.checks.sources.\"payments\".fields.";
        WarehouseConfig.Checks checks = checks(Map.of(
                p + "\"attributes.currency\".accepted-values.values", "EUR, USD",
                p + "amount.range.min", "0",
                p + "amount.range.max", "10000",
                s + "\"attributes.currency\".accepted-values.error", "0.05",
                s + "amount.range.max", "500",
                s + "\"attributes.a.b\".not-null.error", "0"));

        // then another source gets the defaults, warning at any failing record and never refusing
        assertThat(FieldRule.of(checks, "other"))
                .containsExactly(
                        new FieldRule(
                                "amount",
                                "range",
                                null,
                                new BigDecimal("0"),
                                new BigDecimal("10000"),
                                new Thresholds(0.0, null, "default")),
                        new FieldRule(
                                "attributes.currency",
                                "accepted-values",
                                List.of("EUR", "USD"),
                                null,
                                null,
                                new Thresholds(0.0, null, "default")));
        // and the source its own bound and thresholds, the default's where it sets none
        assertThat(FieldRule.of(checks, "payments"))
                .containsExactly(
                        new FieldRule(
                                "amount",
                                "range",
                                null,
                                new BigDecimal("0"),
                                new BigDecimal("500"),
                                new Thresholds(0.0, null, "source")),
                        new FieldRule(
                                "attributes.a.b", "not-null", null, null, null, new Thresholds(0.0, 0.0, "source")),
                        new FieldRule(
                                "attributes.currency",
                                "accepted-values",
                                List.of("EUR", "USD"),
                                null,
                                null,
                                new Thresholds(0.0, 0.05, "source")));
        assertThat(FieldRule.of(checks, "payments").get(1).path()).containsExactly("a", "b");
        assertThat(CheckSettings.problems(checks)).isEmpty();
    }

    @Test
    void freshnessIsOffByDefaultAndReadAsQuarkusReadsDurations() {
        // given no freshness by default, and one source's in both forms of a duration
        WarehouseConfig.Checks checks = checks(Map.of(
                "warehouse.checks.sources.orders.freshness.warn", "36h",
                "warehouse.checks.sources.orders.freshness.error", "PT240H"));

        // then another source is not judged, and the source's thresholds are in hours
        assertThat(Thresholds.freshness(checks, "other")).isNull();
        assertThat(Thresholds.freshness(checks, "orders")).isEqualTo(new Thresholds(36.0, 240.0, "source"));
        assertThat(CheckSettings.problems(checks)).isEmpty();
    }

    @Test
    void aFieldRuleThatCannotBeJudgedIsRefusedNamingTheKey() {
        // given an unknown field, rules on fields they cannot judge, rules without their parameter, a range
        // upside down (also across the default and a source), a share and a freshness out of range
        String p = "warehouse.checks.default.";
        String s = "warehouse.checks.sources.orders.";
        WarehouseConfig.Checks checks = checks(Map.ofEntries(
                Map.entry(p + "fields.colour.not-null.warn", "0"),
                Map.entry(p + "fields.\"attributes..x\".not-null.warn", "0"),
                Map.entry(p + "fields.amount.accepted-values.values", "1,2"),
                Map.entry(p + "fields.status.range.max", "3"),
                Map.entry(p + "fields.userId.accepted-values.error", "0.1"),
                Map.entry(p + "fields.\"attributes.n\".range.error", "0.1"),
                Map.entry(p + "fields.\"attributes.m\".range.min", "10"),
                Map.entry(p + "fields.\"attributes.m\".range.max", "2"),
                Map.entry(p + "fields.\"attributes.k\".range.min", "5"),
                Map.entry(s + "fields.\"attributes.k\".range.max", "1"),
                Map.entry(p + "fields.\"attributes.currency\".not-null.error", "1.5"),
                Map.entry(s + "freshness.warn", "PT-1H")));

        // when it is validated, then each key is named
        assertThat(CheckSettings.problems(checks))
                .containsExactlyInAnyOrder(
                        p + "fields.\"colour\" is not a record field (" + CheckSettings.FIELDS + ")",
                        p + "fields.\"attributes..x\" is not a record field (" + CheckSettings.FIELDS + ")",
                        p + "fields.\"amount\".accepted-values: amount is not a text field (accepted-values judges "
                                + "id, userId, status and attributes)",
                        p + "fields.\"status\".range: status is not a numeric field (range judges amount and "
                                + "attributes)",
                        p + "fields.\"userId\".accepted-values has thresholds but no values: set " + p
                                + "fields.\"userId\".accepted-values.values",
                        p + "fields.\"attributes.n\".range has thresholds but no bound: set " + p
                                + "fields.\"attributes.n\".range.min and/or " + p
                                + "fields.\"attributes.n\".range.max",
                        p + "fields.\"attributes.m\".range.min=10 is above " + p
                                + "fields.\"attributes.m\".range.max=2",
                        "warehouse.checks.sources.\"orders\".fields.\"attributes.k\".range.min=5 is above "
                                + "warehouse.checks.sources.\"orders\".fields.\"attributes.k\".range.max=1",
                        p + "fields.\"attributes.currency\".not-null.error=1.5 is outside [0, 1]",
                        "warehouse.checks.sources.\"orders\".freshness.warn=PT-1H must be a positive duration");
    }

    @Test
    void aFieldRuleKeyThatNamesNoRuleOrThresholdIsRefusedNamingIt() {
        // given field rule keys, known ones and misspelt ones, and the switch
        List<String> names = List.of(
                "warehouse.checks.enabled",
                "warehouse.checks.default.freshness.warn",
                "warehouse.checks.default.fields.\"attributes.currency\".accepted-values.values",
                "warehouse.checks.default.fields.\"attributes.currency\".accepted-values.values[1]",
                "warehouse.checks.sources.\"orders.eu\".fields.amount.range.min",
                "warehouse.checks.sources.orders.fields.amount.not-null.error",
                "warehouse.checks.default.fields.amount.range.avg",
                "warehouse.checks.default.fields.amount.between.min",
                "warehouse.checks.default.fields.attributes.currency.not-null.warn",
                "warehouse.checks.default.freshness.max",
                "warehouse.checks.enabled.now");

        // when they are validated, then exactly the unknown ones are named
        assertThat(CheckSettings.unknown(names))
                .extracting(m -> m.substring(0, m.indexOf(" is not")))
                .containsExactly(
                        "warehouse.checks.default.fields.amount.between.min",
                        "warehouse.checks.default.fields.amount.range.avg",
                        "warehouse.checks.default.fields.attributes.currency.not-null.warn",
                        "warehouse.checks.default.freshness.max",
                        "warehouse.checks.enabled.now");
    }

    @Test
    void anAcceptedValuesKeySetToNothingIsRefusedNamingIt() {
        // given a list of accepted values left empty, one of nothing but commas, and one that lists values
        String empty = "warehouse.checks.sources.orders.fields.status.accepted-values.values";
        String commas = "warehouse.checks.default.fields.status.accepted-values.values";
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                empty,
                                "",
                                commas,
                                " , ",
                                "warehouse.checks.default.fields.userId.accepted-values.values",
                                "a,b"),
                        "test",
                        500))
                .build();

        // when it is validated, then the two empty ones are named
        assertThat(CheckSettings.emptyValues(config))
                .containsExactly(
                        commas + " is empty: list the accepted values, separated by commas",
                        empty + " is empty: list the accepted values, separated by commas");
    }

    /**
     * The checks' part of the warehouse's mapping, read from {@code properties} as the service reads it (durations as
     * Quarkus reads them).
     */
    private static WarehouseConfig.Checks checks(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(WarehouseConfig.Checks.class, "warehouse.checks")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withValidateUnknown(false)
                .build();
        return config.getConfigMapping(WarehouseConfig.Checks.class, "warehouse.checks");
    }
}
