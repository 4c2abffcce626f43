package io.dailyetl.warehouse.lifecycle;

import io.agroal.api.AgroalDataSource;
import io.dailyetl.contract.loads.LoadStatus;
import io.dailyetl.contract.loads.LoadView;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.run.RunHistory;
import io.dailyetl.warehouse.staging.StagingTables;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The lease rules of OPEN loads: a load lives for {@code warehouse.load.lease} after its last batch or heartbeat;
 * one whose lease ran out is EXPIRED, its staging discarded and its run marked FAILED, so a killed sender holds its
 * source no longer than that. Expiry is judged by the database clock, which every replica shares.
 */
@ApplicationScoped
public class LoadLease {

    private final AgroalDataSource dataSource;
    private final WarehouseConfig config;
    private final LoadMetrics metrics;
    private final RunHistory runs;

    LoadLease(AgroalDataSource dataSource, WarehouseConfig config, LoadMetrics metrics, RunHistory runs) {
        this.dataSource = dataSource;
        this.config = config;
        this.metrics = metrics;
        this.runs = runs;
    }

    /** When the lease of a load opened at {@code openedAt} runs out, unless a batch or heartbeat extends it. */
    OffsetDateTime firstExpiry(OffsetDateTime openedAt) {
        return openedAt.plus(config.load().lease());
    }

    /**
     * Extends an OPEN load's lease (a sign of life from its sender between batches); {@link LoadNotOpen} if the
     * load is not OPEN or its lease already ran out.
     */
    public LoadView heartbeat(UUID loadId) {
        renew(loadId);
        metrics.heartbeats.increment();
        return QuarkusTransaction.requiringNew()
                .call(() -> Load.<Load>findById(loadId).view());
    }

    /**
     * Marks OPEN loads whose lease ran out as EXPIRED and drops what they staged; all of them, or only those of
     * one source, or one load.
     */
    public int expireLapsed(String source, UUID loadId) {
        List<UUID> expired = QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> ids = new ArrayList<>();
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("""
                         update load_ledger set status = 'EXPIRED', finished_at = now()
                         where status = 'OPEN' and lease_expires_at < now()
                           and (?::text is null or source = ?::text) and (?::uuid is null or id = ?::uuid)
                         returning id""")) {
                ps.setString(1, source);
                ps.setString(2, source);
                ps.setObject(3, loadId);
                ps.setObject(4, loadId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
                for (UUID id : ids) {
                    StagingTables.discard(c, id);
                    runs.loadExpired(c, id, config.load().lease().toString());
                }
            }
            return ids;
        });
        for (UUID id : expired) {
            metrics.expired.increment();
            Log.infof(
                    "load %s expired: no batch within its lease of %s; its staged data was discarded",
                    id, config.load().lease());
        }
        return expired.size();
    }

    /**
     * Extends an OPEN, unexpired load's lease to a full {@code warehouse.load.lease} from now, but writes the ledger
     * row only when the lease was last extended more than a step (a tenth of the lease, at most a minute) ago: a
     * thousand batches then leave a few row versions behind instead of a thousand, which every later batch's lookup
     * of the row would have to step over.
     */
    void renew(UUID loadId) {
        double lease = config.load().lease().toMillis() / 1000.0;
        double step = Math.min(60.0, lease / 10);
        long open = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("""
                         with open as (
                             select id, lease_expires_at from load_ledger
                             where id = ? and status = 'OPEN' and lease_expires_at >= now()
                         ), renewed as (
                             update load_ledger l set lease_expires_at = now() + make_interval(secs => ?)
                             from open o
                             where l.id = o.id and o.lease_expires_at < now() + make_interval(secs => ?)
                             returning 1
                         )
                         select count(*) from open""")) {
                ps.setObject(1, loadId);
                ps.setDouble(2, lease);
                ps.setDouble(3, lease - step);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        if (open == 0) {
            if (expireLapsed(null, loadId) > 0) {
                throw new LoadNotOpen(loadId, LoadStatus.EXPIRED);
            }
            Load load = QuarkusTransaction.requiringNew().call(() -> Load.<Load>findById(loadId));
            throw load == null ? new NoSuchLoad(loadId) : new LoadNotOpen(loadId, load.status);
        }
    }

    /**
     * Locks the ledger row for a change of status ({@code FOR UPDATE}) and answers the status; throws {@link Lapsed}
     * for an OPEN load whose lease ran out, to roll the transaction back before {@link #expired} expires it.
     */
    static LoadStatus lockForChange(Connection c, UUID loadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select status, lease_expires_at < now() from load_ledger where id = ? for update")) {
            ps.setObject(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchLoad(loadId);
                }
                LoadStatus status = LoadStatus.valueOf(rs.getString(1));
                if (status == LoadStatus.OPEN && rs.getBoolean(2)) {
                    throw new Lapsed();
                }
                return status;
            }
        }
    }

    /** Expires a load found {@link Lapsed}, answering the refusal of what was tried on it. */
    LoadNotOpen expired(UUID loadId) {
        expireLapsed(null, loadId);
        return new LoadNotOpen(loadId, LoadStatus.EXPIRED);
    }

    /** Raised inside a transaction so that it rolls back before the load is expired. */
    static final class Lapsed extends RuntimeException {
        Lapsed() {
            super(null, null, false, false);
        }
    }
}
