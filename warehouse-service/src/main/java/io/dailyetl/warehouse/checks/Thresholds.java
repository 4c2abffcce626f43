package io.dailyetl.warehouse.checks;

import io.dailyetl.warehouse.config.WarehouseConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The thresholds of one check as they apply to one source: the source's override where it sets one, else the
 * default. {@code scope} says which applied ({@code source} when the source overrides any of them, else
 * {@code default}), kept with each result.
 */
record Thresholds(Double warn, Double error, String scope) {

    static final String DEFAULT = "default";
    static final String SOURCE = "source";

    /** The reject-share thresholds of {@code source}. */
    static Thresholds rejectShare(WarehouseConfig.Checks checks, String source) {
        WarehouseConfig.DefaultRejectShare d = checks.defaults().rejectShare();
        WarehouseConfig.SourceChecks s = checks.sources().get(source);
        return s == null
                ? of(d.warn(), d.error(), DEFAULT)
                : merged(s.rejectShare().warn(), s.rejectShare().error(), d.warn(), d.error());
    }

    /** The duplicate-share thresholds of {@code source}. */
    static Thresholds duplicateShare(WarehouseConfig.Checks checks, String source) {
        WarehouseConfig.DefaultDuplicateShare d = checks.defaults().duplicateShare();
        WarehouseConfig.SourceChecks s = checks.sources().get(source);
        return s == null
                ? of(d.warn(), d.error(), DEFAULT)
                : merged(s.duplicateShare().warn(), s.duplicateShare().error(), d.warn(), d.error());
    }

    /** The volume ratio thresholds of {@code source}. */
    static Thresholds volume(WarehouseConfig.Checks checks, String source) {
        WarehouseConfig.DefaultVolume d = checks.defaults().volume();
        WarehouseConfig.SourceChecks s = checks.sources().get(source);
        if (s == null) {
            return of(d.warn(), d.error(), DEFAULT);
        }
        Thresholds t = merged(s.volume().warn(), s.volume().error(), d.warn(), d.error());
        boolean overrides = s.volume().runs().isPresent() || s.volume().min().isPresent();
        return overrides ? new Thresholds(t.warn, t.error, SOURCE) : t;
    }

    /**
     * The freshness thresholds of {@code source} in hours (the source's where it sets one, else the default's), or
     * null when neither is set: freshness is then not judged.
     */
    static Thresholds freshness(WarehouseConfig.Checks checks, String source) {
        WarehouseConfig.Freshness d = checks.defaults().freshness();
        WarehouseConfig.SourceChecks s = checks.sources().get(source);
        Optional<Duration> warn = s == null ? Optional.empty() : s.freshness().warn();
        Optional<Duration> error = s == null ? Optional.empty() : s.freshness().error();
        String scope = warn.isPresent() || error.isPresent() ? SOURCE : DEFAULT;
        warn = warn.or(d::warn);
        error = error.or(d::error);
        if (warn.isEmpty() && error.isEmpty()) {
            return null;
        }
        return new Thresholds(
                warn.map(Thresholds::hours).orElse(null),
                error.map(Thresholds::hours).orElse(null),
                scope);
    }

    /** A duration in hours. */
    static double hours(Duration d) {
        return d.toMillis() / 3_600_000.0;
    }

    /** How many latest committed loads of {@code source} the volume median is taken over. */
    static int volumeRuns(WarehouseConfig.Checks checks, String source) {
        WarehouseConfig.SourceChecks s = checks.sources().get(source);
        OptionalInt runs = s == null ? OptionalInt.empty() : s.volume().runs();
        return runs.orElse(checks.defaults().volume().runs());
    }

    /** The least records + rejects a load of {@code source} must have, if any. */
    static OptionalLong volumeMin(WarehouseConfig.Checks checks, String source) {
        WarehouseConfig.SourceChecks s = checks.sources().get(source);
        OptionalLong min = s == null ? OptionalLong.empty() : s.volume().min();
        return min.isPresent() ? min : checks.defaults().volume().min();
    }

    private static Thresholds merged(
            OptionalDouble warn, OptionalDouble error, OptionalDouble defaultWarn, OptionalDouble defaultError) {
        String scope = warn.isPresent() || error.isPresent() ? SOURCE : DEFAULT;
        return of(warn.isPresent() ? warn : defaultWarn, error.isPresent() ? error : defaultError, scope);
    }

    private static Thresholds of(OptionalDouble warn, OptionalDouble error, String scope) {
        return new Thresholds(
                warn.isPresent() ? warn.getAsDouble() : null, error.isPresent() ? error.getAsDouble() : null, scope);
    }
}
