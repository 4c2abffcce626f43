package io.dailyetl.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Settings shared by every service of the pipeline: the bearer tokens its {@code /api/**} accepts, by role, and
 * the token it sends to the warehouse. Nothing here has a default: the {@code prod} profile refuses to start
 * without an operator token; dev and test profiles set development tokens.
 */
@ConfigMapping(prefix = "pipeline")
public interface PipelineConfig {

    /**
     * The single shared token of simple setups and of the demo (env {@code PIPELINE_API_TOKEN}): accepted as
     * {@code operator}, and sent to the warehouse when {@link #warehouseToken()} is not set.
     */
    Optional<String> apiToken();

    /** Tokens by role; each role takes a comma-separated list, so a new token can be added before the old goes. */
    Tokens tokens();

    /**
     * The token this service sends to the warehouse (env {@code PIPELINE_WAREHOUSE_TOKEN}): a {@code loader}
     * token for ingest, a {@code reader} token for report. Defaults to {@link #apiToken()}.
     */
    Optional<String> warehouseToken();

    /**
     * Whether this service serves a bearer-token {@code /api} (env {@code PIPELINE_BEARER_API}); then the {@code prod}
     * profile needs an operator token. The console serves pages behind its own login, holds no operator token and
     * sets it to {@code false}.
     */
    @WithDefault("true")
    boolean bearerApi();

    /** The tokens of each role (env {@code PIPELINE_TOKENS_OPERATOR}, {@code _LOADER}, {@code _READER}). */
    interface Tokens {

        /** Everything, on every service: runs, reports, rejects, aborting any load, forced resends. */
        Optional<List<String>> operator();

        /** The warehouse's loads (open, stage, commit, abort) and run history: what ingest needs. */
        Optional<List<String>> loader();

        /** The warehouse's analytics and report deliveries: what report needs. */
        Optional<List<String>> reader();
    }
}
