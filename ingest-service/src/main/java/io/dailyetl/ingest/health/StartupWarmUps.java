package io.dailyetl.ingest.health;

import io.dailyetl.common.health.WarmUp;
import io.dailyetl.common.health.WarmUps;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.run.IngestWarmup;
import io.dailyetl.warehouseclient.RunsClient;
import io.dailyetl.warehouseclient.SourcesClient;
import io.dailyetl.warehouseclient.WarehouseReadiness;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ingest's start-up warm-ups (unless {@code ingest.warm-up} is false): a run's own steps on made-up pages, and, once
 * the warehouse is ready, what a run reads from it first.
 */
@ApplicationScoped
class StartupWarmUps {

    /** How long the warehouse round trip waits for the warehouse to be ready before it is skipped. */
    static final Duration ROUND_TRIP_WITHIN = Duration.ofMinutes(10);

    void onStart(
            @Observes StartupEvent event,
            IngestConfig config,
            ConfiguredSources configured,
            Vertx vertx,
            SourcesClient sources,
            RunsClient runs,
            @Readiness WarehouseReadiness warehouse,
            WarmUps warmUps) {
        warmUps.start(
                config.warmUp(),
                WarmUp.atStart(
                        "run path",
                        // the first source's shape: the code paths are the same for every source
                        () -> IngestWarmup.run(config, configured.all().get(0), vertx, new AtomicLong())
                                + " made-up records fetched over loopback, scanned, cleaned and written"),
                WarmUp.whenReady(
                        "warehouse round trip",
                        warehouse::isUp,
                        ROUND_TRIP_WITHIN,
                        () -> IngestWarmup.roundTrip(configured.all().get(0), sources, runs)));
    }
}
