package io.dailyetl.warehouse.load;

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
 * At start-up, makes the per-user day totals' days dates in {@code warehouse.zone} (V8 builds them in UTC): a
 * changed zone rebuilds them once, in one transaction, under the merge lock. If it cannot (a zone PostgreSQL does not
 * know, a fixed offset), they stay as they are and the analytics sum such windows from the snapshot.
 */
@ApplicationScoped
class DaySpendZone {

    void onStart(@Observes StartupEvent event, WarehouseConfig config, AgroalDataSource dataSource) {
        if (!config.analytics().preAggregated()) {
            return;
        }
        Optional<String> zone = DaySpendTotals.postgresName(config.zone());
        if (zone.isEmpty()) {
            Log.infof("warehouse.zone %s is a fixed offset: user spend is summed from daily_snapshot", config.zone());
            return;
        }
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                boolean rebuilt = DaySpendTotals.useZone(c, zone.get());
                c.commit();
                if (rebuilt) {
                    Log.infof("per-user day totals rebuilt in zone %s in %d ms", zone.get(), (System.nanoTime() - t0) / 1_000_000);
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            Log.errorf("per-user day totals could not be made dates in %s (%s): user spend in that zone is summed "
                    + "from daily_snapshot", zone.get(), e.getMessage());
        }
    }
}
