package io.dailyetl.warehouse.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.warehouse.config.WarehouseConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
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

    /** The checks' part of the warehouse's mapping, read from {@code properties} as the service reads it. */
    private static WarehouseConfig.Checks checks(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(WarehouseConfig.Checks.class, "warehouse.checks")
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withValidateUnknown(false)
                .build();
        return config.getConfigMapping(WarehouseConfig.Checks.class, "warehouse.checks");
    }
}
