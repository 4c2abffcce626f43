package io.dailyetl.warehouse.health;

import io.dailyetl.common.health.WarmUp;
import io.dailyetl.common.health.WarmUps;
import io.dailyetl.warehouse.analytics.AnalyticsWarmup;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.staging.StagingWarmup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.OutputStream;

/** The warehouse's start-up warm-ups (unless {@code warehouse.warm-up} is false): the staging and user-spend paths. */
@ApplicationScoped
class StartupWarmUps {

    void onStart(
            @Observes StartupEvent event,
            WarehouseConfig config,
            WarmUps warmUps,
            StagingWarmup staging,
            AnalyticsWarmup analytics) {
        warmUps.start(
                config.warmUp(),
                WarmUp.atStart("staging path", () -> staging.run() + " made-up records read, validated and COPYed"),
                WarmUp.atStart(
                        "user-spend path",
                        () -> analytics.run(OutputStream.nullOutputStream()) + " made-up users written"));
    }
}
