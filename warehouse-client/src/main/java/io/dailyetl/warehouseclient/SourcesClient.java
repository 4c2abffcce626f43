package io.dailyetl.warehouseclient;

import io.dailyetl.contract.loads.SourceWatermark;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What the warehouse keeps per source, as an incremental run reads it before asking the source for what changed:
 * a timeout, retries of 5xx and broken connections (a read, so always safe to repeat).
 */
@ApplicationScoped
public class SourcesClient {

    private final SourcesApi api;

    SourcesClient(@RestClient SourcesApi api) {
        this.api = api;
    }

    /**
     * The source's watermark (the highest change time its committed loads carried, moved in the same transaction
     * as their data), or empty if it has none: no commit of it carried a watermark yet.
     */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 250)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public Optional<SourceWatermark> watermark(String source) {
        return WarehouseErrors.unlessNotFound(() -> api.watermark(source, 1));
    }
}
