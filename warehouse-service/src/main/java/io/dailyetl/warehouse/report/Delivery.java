package io.dailyetl.warehouse.report;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One emailing of a report for a window: claimed (SENDING), then SENT or FAILED; a forced resend SUPERSEDES it. */
@Entity
@Table(name = "report_delivery")
public class Delivery extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String report;

    @Column(name = "window_from", nullable = false)
    public LocalDate windowFrom;

    @Column(name = "window_to", nullable = false)
    public LocalDate windowTo;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public boolean forced;

    @Column(nullable = false)
    public String recipients;

    @Column(name = "claimed_at", nullable = false)
    public OffsetDateTime claimedAt;

    @Column(name = "lease_expires_at", nullable = false)
    public OffsetDateTime leaseExpiresAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public Long users;
    public BigDecimal total;
    public String error;

    @Column(name = "message_id")
    public String messageId;
}
