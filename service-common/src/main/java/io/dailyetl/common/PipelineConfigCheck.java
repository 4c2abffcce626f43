package io.dailyetl.common;

import io.quarkus.runtime.ExecutionMode;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * A check of {@link PipelineConfig} that runs while a packaged service ({@code prod} profile) reads its configuration,
 * before any extension starts: before Flyway migrates, before a connection pool or an HTTP port is opened. A check
 * that fails throws {@link io.quarkus.runtime.configuration.ConfigurationException} with one line that names what is
 * missing and the variable that fixes it; Quarkus prints that line as it is on stderr (not as a log record, so in
 * every log format) and exits with 1.
 *
 * <p>A subclass is registered in {@code META-INF/services/io.smallrye.config.SmallRyeConfigBuilderCustomizer} of its
 * module; each adds its check to the validator already there, so checks of several modules add up. Dev and test
 * profiles, and the configuration Quarkus reads while it builds or statically initialises the application, are not
 * checked here (a test sets what it needs; the beans check again at start-up in every launch mode).
 */
public abstract class PipelineConfigCheck implements SmallRyeConfigBuilderCustomizer {

    /** Throws a {@link io.quarkus.runtime.configuration.ConfigurationException} if {@code config} cannot start. */
    protected abstract void check(PipelineConfig config);

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        ConfigValidator previous = builder.getValidator();
        builder.setAddDiscoveredValidator(false);
        builder.withValidator((mappingClass, prefix, mapping) -> {
            if (previous != null) {
                previous.validateMapping(mappingClass, prefix, mapping);
            }
            if (mapping instanceof PipelineConfig config && checksNow()) {
                check(config);
            }
        });
    }

    /** Whether this is the runtime configuration of a packaged service's start (not a build, static init, dev or test). */
    private static boolean checksNow() {
        ExecutionMode mode = ExecutionMode.current();
        return LaunchMode.current() == LaunchMode.NORMAL
                && (mode == ExecutionMode.RUNTIME_INIT || mode == ExecutionMode.RUNNING);
    }
}
