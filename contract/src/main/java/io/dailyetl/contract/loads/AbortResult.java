package io.dailyetl.contract.loads;

import java.util.UUID;

/** The warehouse's answer to an abort: the load and its status, ABORTED. */
public record AbortResult(UUID loadId, LoadStatus status) {}
