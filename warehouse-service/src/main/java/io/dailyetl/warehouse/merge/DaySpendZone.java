package io.dailyetl.warehouse.merge;

import io.agroal.api.AgroalDataSource;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * At start-up, with {@code warehouse.analytics.pre-aggregated} on, makes the per-user day totals' days dates in
 * {@code warehouse.zone}: a first start with them on (V8 creates them not kept) or a changed zone builds them once,
 * in one transaction, under the merge lock. If it cannot (a zone PostgreSQL does not know, a fixed offset), they stay
 * as they are and the analytics sum such windows from the snapshot. Off, with
 * {@code warehouse.analytics.pre-aggregate-from-rows} set, totals a commit turned on are kept (moved to this zone if
 * they are in another); off without it, they are marked as not kept (so turning them on rebuilds them).
 */
@ApplicationScoped
class DaySpendZone {

    void onStart(@Observes StartupEvent event, WarehouseConfig config, AgroalDataSource dataSource) {
        Optional<String> zone = DaySpendTotals.postgresName(config.zone());
        if (!config.analytics().preAggregated()) {
            if (DaySpendTotals.onFromSize(config.analytics()) && zone.isPresent()) {
                // kept since a commit found the snapshot large: keep them, in this replica's zone
                inTransaction(
                        dataSource,
                        "making the per-user day totals, if kept, dates in " + zone.get(),
                        c -> DaySpendTotals.keepIfKept(c, zone.get()));
                return;
            }
            // this replica's merges will not move them: nothing may read them, and turning them on rebuilds them
            inTransaction(dataSource, "marking the per-user day totals as not kept", DaySpendTotals::stopKeeping);
            return;
        }
        if (zone.isEmpty()) {
            Log.infof("warehouse.zone %s is a fixed offset: user spend is summed from daily_snapshot", config.zone());
            return;
        }
        long t0 = System.nanoTime();
        boolean rebuilt = inTransaction(
                dataSource,
                "making the per-user day totals dates in " + zone.get()
                        + " (user spend in that zone is summed from daily_snapshot)",
                c -> DaySpendTotals.useZone(c, zone.get()));
        if (rebuilt) {
            Log.infof(
                    "per-user day totals rebuilt in zone %s in %d ms",
                    zone.get(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    interface Work {
        boolean run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in a transaction of its own; a failure is logged as failing {@code what}, not thrown. */
    private static boolean inTransaction(AgroalDataSource dataSource, String what, Work work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                boolean result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            Log.errorf("failed %s: %s", what, e.getMessage());
            return false;
        }
    }
}
