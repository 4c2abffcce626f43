package io.dailyetl.contract.loads;

/**
 * Body of {@code POST /api/loads/{loadId}/commit}: what the sender sent, so the warehouse can refuse a commit that
 * does not match what it staged. Boxed, so that a missing field is told apart from zero. {@code watermark}, optional
 * (null: none), is the highest change time among the load's records as an ISO-8601 instant with {@code Z} or an
 * offset (as {@link io.dailyetl.contract.Iso8601} writes it): the warehouse stores it as the source's watermark in
 * the commit's own transaction, unless it is not later than the one stored.
 */
public record CommitLoad(Integer batches, Long records, Long rejects, String watermark) {

    /** A commit that carries no watermark. */
    public CommitLoad(Integer batches, Long records, Long rejects) {
        this(batches, records, rejects, null);
    }
}
