package io.dailyetl.common.security;

import io.dailyetl.common.PipelineConfig;
import io.dailyetl.common.PipelineConfigCheck;

/**
 * Refuses a {@code prod} start whose tokens {@link TokenRegistry} would refuse (no operator token, a blank entry, one
 * token under two roles) while the configuration is read, so that the refusal is the one line a person reads and the
 * database is never touched. A service without a bearer-token API ({@code pipeline.bearer-api=false}, the console)
 * is not checked.
 */
public class OperatorTokenCheck extends PipelineConfigCheck {

    @Override
    protected void check(PipelineConfig config) {
        if (config.bearerApi()) {
            TokenRegistry.tokensByRole(config, true);
        }
    }
}
