package io.dailyetl.contract.runs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * Body of {@code PUT /api/runs/{runId}}: a run as its replica reports it, the source it loads, and the report's
 * version (a newer report wins; a late, older one never overwrites it).
 */
public record RunReport(@JsonUnwrapped RunView run, String source, long version) {}
