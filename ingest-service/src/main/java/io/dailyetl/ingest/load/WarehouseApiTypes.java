package io.dailyetl.ingest.load;

/** Views of the warehouse's answers that the rest of ingest needs, without exposing the REST client. */
public final class WarehouseApiTypes {

    private WarehouseApiTypes() {
    }

    /** A committed load's outcome: loaded = inserted + updated + unchanged. */
    public record Counts(long loaded, long duplicates, long rejects) {

        static Counts of(WarehouseApi.Committed c) {
            return new Counts(c.inserted() + c.updated() + c.unchanged(), c.duplicates(), c.rejects());
        }

        static Counts of(WarehouseApi.LoadState s) {
            return new Counts(n(s.inserted()) + n(s.updated()) + n(s.unchanged()), n(s.duplicates()), n(s.rejects()));
        }

        private static long n(Long v) {
            return v == null ? 0 : v;
        }
    }

    /** A load's status (OPEN, COMMITTED, ABORTED, EXPIRED) and, once COMMITTED, its counts. */
    public record LoadStatus(String status, Counts counts) {
    }
}
