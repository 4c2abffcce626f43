package io.dailyetl.contract.loads;

/** Body of {@code POST /api/loads}: the source to load (see {@code FieldLimits.SOURCE}) and the run loading it. */
public record OpenLoad(String source, String runId) {}
