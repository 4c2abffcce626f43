package io.dailyetl.warehouse.lifecycle;

import io.agroal.api.AgroalDataSource;
import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.loads.LoadStatus;
import io.dailyetl.contract.loads.LoadView;
import io.dailyetl.warehouse.checks.LoadChecks;
import io.dailyetl.warehouse.staging.QuarantinedRejects;
import io.dailyetl.warehouse.staging.RejectPage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Answers what loads there are and what they hold. A load whose lease ran out is expired before it is shown, so
 * nobody sees a dead load as OPEN.
 */
@ApplicationScoped
public class LoadQueries {

    private final AgroalDataSource dataSource;
    private final LoadLease lease;

    LoadQueries(AgroalDataSource dataSource, LoadLease lease) {
        this.dataSource = dataSource;
        this.lease = lease;
    }

    /** A load with, while it is OPEN, what has been staged so far. */
    public LoadView get(UUID loadId) {
        lease.expireLapsed(null, loadId);
        return QuarkusTransaction.requiringNew().call(() -> {
            Load load = Load.findById(loadId);
            if (load == null) {
                throw new NoSuchLoad(loadId);
            }
            return withStaged(load);
        });
    }

    /** The results of the load's latest data checks ({@link LoadChecks#latest}); {@link NoSuchLoad} if unknown. */
    public List<CheckResult> checks(UUID loadId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (Load.findById(loadId) == null) {
                throw new NoSuchLoad(loadId);
            }
            try (Connection c = dataSource.getConnection()) {
                return LoadChecks.latest(c, loadId);
            }
        });
    }

    /** The most recent loads, newest first, optionally of one source. */
    public List<LoadView> list(String source, int limit) {
        lease.expireLapsed(source, null);
        return QuarkusTransaction.requiringNew().call(() -> {
            Sort newestFirst = Sort.descending("openedAt");
            List<Load> loads = source == null
                    ? Load.findAll(newestFirst).page(Page.ofSize(limit)).list()
                    : Load.find("source", newestFirst, source)
                            .page(Page.ofSize(limit))
                            .list();
            List<LoadView> views = new ArrayList<>(loads.size());
            for (Load load : loads) {
                views.add(withStaged(load));
            }
            return views;
        });
    }

    /** A page of a load's quarantined rejects. */
    public RejectPage rejects(UUID loadId, int limit, int offset) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (Load.findById(loadId) == null) {
                throw new NoSuchLoad(loadId);
            }
            try (Connection c = dataSource.getConnection()) {
                return QuarantinedRejects.page(c, loadId, limit, offset);
            }
        });
    }

    private LoadView withStaged(Load load) throws SQLException {
        if (load.status != LoadStatus.OPEN) {
            return load.view();
        }
        try (Connection c = dataSource.getConnection()) {
            LoadBatches.Counts staged = LoadBatches.counts(c, load.id);
            return load.view((int) staged.batches(), staged.records(), staged.rejects());
        }
    }
}
