package io.dailyetl.ingest.config;

import io.quarkus.runtime.ExecutionMode;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Checks the sources ({@link SourceCatalog}) while a packaged ingest ({@code prod} profile) reads its configuration,
 * before anything starts: a problem is one plain line naming the key on stderr, and the process exits with 1 (as
 * service-common's {@code PipelineConfigCheck} does for the tokens). Registered in
 * {@code META-INF/services/io.smallrye.config.SmallRyeConfigBuilderCustomizer}; in dev and test, {@link
 * ConfiguredSources} checks the same at start-up.
 */
public class SourcesCheck implements SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        ConfigValidator previous = builder.getValidator();
        builder.setAddDiscoveredValidator(false);
        builder.withValidator((mappingClass, prefix, mapping) -> {
            if (previous != null) {
                previous.validateMapping(mappingClass, prefix, mapping);
            }
            if (mapping instanceof IngestConfig config && checksNow()) {
                SourceCatalog.of(config);
            }
        });
    }

    private static boolean checksNow() {
        ExecutionMode mode = ExecutionMode.current();
        return LaunchMode.current() == LaunchMode.NORMAL
                && (mode == ExecutionMode.RUNTIME_INIT || mode == ExecutionMode.RUNNING);
    }
}
