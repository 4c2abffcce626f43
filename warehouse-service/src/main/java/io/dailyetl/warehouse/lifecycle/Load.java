package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.contract.loads.LoadStatus;
import io.dailyetl.contract.loads.LoadView;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of the load ledger: one load of one source, its lease and, once committed, its counts. */
@Entity
@Table(name = "load_ledger")
public class Load extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String source;

    @Column(name = "run_id")
    public String runId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public LoadStatus status;

    @Column(name = "opened_at", nullable = false)
    public OffsetDateTime openedAt;

    @Column(name = "lease_expires_at", nullable = false)
    public OffsetDateTime leaseExpiresAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public Integer batches;
    public Long records;
    public Long rejects;
    public Long inserted;
    public Long updated;
    public Long unchanged;
    public Long duplicates;

    /** The load as the API shows it, with the counts of its ledger row. */
    LoadView view() {
        return view(batches, records, rejects);
    }

    /** The load as the API shows it, with the given staged counts (an OPEN load's, staged so far). */
    LoadView view(Integer batches, Long records, Long rejects) {
        return new LoadView(
                id,
                source,
                runId,
                status,
                openedAt,
                leaseExpiresAt,
                finishedAt,
                batches,
                records,
                rejects,
                inserted,
                updated,
                unchanged,
                duplicates);
    }
}
