package io.dailyetl.contract.loads;

/**
 * Body of {@code POST /api/loads/{loadId}/commit}: what the sender sent, so the warehouse can refuse a commit that
 * does not match what it staged. Boxed, so that a missing field is told apart from zero.
 */
public record CommitLoad(Integer batches, Long records, Long rejects) {
}
