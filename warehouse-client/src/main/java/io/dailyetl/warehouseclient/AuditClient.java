package io.dailyetl.warehouseclient;

import io.dailyetl.contract.audit.AuditEntry;
import io.dailyetl.contract.audit.AuditView;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The console's audit log at the warehouse: a row is written with an operator token the caller names (never retried:
 * a retry after a lost answer would write the row twice); the log is read with the configured (reader) token.
 */
@ApplicationScoped
public class AuditClient {

    private final AuditApi api;

    AuditClient(@RestClient AuditApi api) {
        this.api = api;
    }

    /** Writes {@code entry} with {@code operatorToken} and answers the row as stored. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public AuditView write(AuditEntry entry, String operatorToken) {
        return api.write(entry, "Bearer " + operatorToken);
    }

    /** The latest {@code limit} rows (1-500), newest first. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public List<AuditView> recent(int limit) {
        return api.recent(limit);
    }
}
