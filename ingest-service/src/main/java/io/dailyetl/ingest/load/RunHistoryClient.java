package io.dailyetl.ingest.load;

import io.dailyetl.ingest.run.RunView;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Run history at the warehouse, so every replica (and a restarted one) answers for every run. Reports are sent on
 * every change and heartbeat; a lost one is made good by the next, so calls are single tries with a timeout.
 */
@ApplicationScoped
public class RunHistoryClient {

    private final RunHistoryApi api;

    RunHistoryClient(@RestClient RunHistoryApi api) {
        this.api = api;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public void report(RunView run, String source, long version) {
        api.report(run.runId(), new RunHistoryApi.RunReport(run, source, version));
    }

    /** The run as last reported by whichever replica ran it; empty if the warehouse knows no such run. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public Optional<RunView> get(UUID runId) {
        try {
            return Optional.of(api.get(runId));
        } catch (WarehouseRejectedException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public List<RunView> recent(String source, int limit) {
        return api.recent(source, limit);
    }
}
