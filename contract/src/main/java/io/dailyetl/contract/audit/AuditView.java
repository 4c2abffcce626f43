package io.dailyetl.contract.audit;

import java.time.Instant;

/**
 * One row of the console's audit log as {@code GET /api/audit} and {@code POST /api/audit} answer it; {@code follows}
 * is the id of the STARTED row an outcome belongs to (null for a STARTED row and for older rows).
 */
public record AuditView(
        long id,
        Instant at,
        String actor,
        String role,
        String action,
        String target,
        String outcome,
        String detail,
        Long follows) {}
