package io.dailyetl.warehouseclient;

import io.dailyetl.contract.runs.RunReport;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Run history at the warehouse, so every ingest replica (and a restarted one) answers for every run. Reports are
 * sent as a run starts an attempt, periodically while it runs and when it ends; a lost one is made good by the next,
 * so calls are single tries with a timeout.
 */
@ApplicationScoped
public class RunsClient {

    private final RunsApi api;

    RunsClient(@RestClient RunsApi api) {
        this.api = api;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public void report(RunView run, long version) {
        api.report(run.runId(), new RunReport(run, version));
    }

    /** The run as last reported by whichever replica ran it; empty if the warehouse knows no such run. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public Optional<RunView> get(UUID runId) {
        return WarehouseErrors.unlessNotFound(() -> api.get(runId)).map(RunReport::run);
    }

    /** The run with its source, as the warehouse keeps it; empty if the warehouse knows no such run. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public Optional<RunReport> find(UUID runId) {
        return WarehouseErrors.unlessNotFound(() -> api.get(runId));
    }

    /** The most recent runs with their sources, newest first ({@code source} null: of every source; limit 1-500). */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public List<RunReport> recentReports(String source, int limit) {
        return api.recent(source, limit);
    }

    /**
     * A page of the runs with their sources, newest first: of one source and one status (null: any), started at or
     * after {@code since} and before {@code before} (null: unbounded), {@code limit} (1-500) after {@code offset}.
     */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public List<RunReport> page(String source, RunStatus status, Instant since, Instant before, int limit, int offset) {
        return api.page(
                source,
                status == null ? null : status.name(),
                since == null ? null : since.toString(),
                before == null ? null : before.toString(),
                limit,
                offset);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public List<RunView> recent(String source, int limit) {
        return api.recent(source, limit).stream().map(RunReport::run).toList();
    }
}
