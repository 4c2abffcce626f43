package io.dailyetl.ingest.rest;

import io.dailyetl.common.ProblemException;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;

/** The {@code source} a request names, shared by the endpoints that act on or show one source. */
final class SourceParam {

    private SourceParam() {}

    /**
     * The source a request names; the one source when it names none and there is one; else 400 naming
     * {@code source} with the sources there are.
     */
    static SourceSettings resolve(ConfiguredSources sources, String name) {
        String names = String.join(
                ", ", sources.all().stream().map(SourceSettings::name).toList());
        if (name == null || name.isBlank()) {
            if (sources.all().size() == 1) {
                return sources.all().get(0);
            }
            throw ProblemException.invalid("source", "required: this ingest pulls several sources (" + names + ")");
        }
        return sources.named(name.trim())
                .orElseThrow(() -> ProblemException.invalid(
                        "source", "not a source of this ingest: \"" + name + "\" (its sources: " + names + ")"));
    }
}
