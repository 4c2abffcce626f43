package io.dailyetl.ingest.config;

import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The sources of this deployment ({@link SourceCatalog}), resolved once at start-up in every launch mode: a
 * configuration with a problem does not start, and the error names the key.
 */
@Startup
@ApplicationScoped
public class ConfiguredSources {

    private final List<SourceSettings> all;

    ConfiguredSources(IngestConfig config) {
        this.all = SourceCatalog.of(config);
        Log.infof(
                "sources: %s",
                String.join(
                        ", ",
                        all.stream()
                                .map(s -> s.name() + " (" + s.prefix() + ")")
                                .toList()));
    }

    /** Every source, by name. */
    public List<SourceSettings> all() {
        return all;
    }

    /**
     * The one source of a deployment that has one; with several, {@link IllegalStateException} (a caller that does
     * not name its source cannot pick one).
     */
    public SourceSettings single() {
        if (all.size() != 1) {
            throw new IllegalStateException("several sources are configured ("
                    + String.join(", ", all.stream().map(SourceSettings::name).toList())
                    + "): name the source");
        }
        return all.get(0);
    }

    /** The source called {@code name}, if there is one. */
    public Optional<SourceSettings> named(String name) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
