package io.dailyetl.common;

import io.smallrye.config.ConfigMapping;

/**
 * Settings shared by every service of the pipeline. The API token has no default: the {@code prod} profile
 * refuses to start without {@code PIPELINE_API_TOKEN}; dev and test profiles set a development token.
 */
@ConfigMapping(prefix = "pipeline")
public interface PipelineConfig {

    /** Bearer token that every {@code /api/**} request must carry (env {@code PIPELINE_API_TOKEN}). */
    String apiToken();
}
