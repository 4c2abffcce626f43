package io.dailyetl.report.health;

import io.dailyetl.common.health.WarmUp;
import io.dailyetl.common.health.WarmUps;
import io.dailyetl.report.config.ReportConfig;
import io.dailyetl.report.mail.ReportMailer;
import io.dailyetl.report.service.ReportWarmup;
import io.dailyetl.warehouseclient.AnalyticsClient;
import io.dailyetl.warehouseclient.DeliveriesClient;
import io.dailyetl.warehouseclient.WarehouseReadiness;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.health.Readiness;

/**
 * The report's start-up warm-ups (unless {@code report.warm-up} is false): a report's own steps on made-up users, and,
 * once the warehouse is ready, a real read of an empty week through the report's own client.
 */
@ApplicationScoped
class StartupWarmUps {

    /** How long the round trip waits for the warehouse to be ready before it gives up (the first report is then cold). */
    static final Duration ROUND_TRIP_WITHIN = Duration.ofMinutes(10);

    void onStart(
            @Observes StartupEvent event,
            ReportConfig config,
            ReportMailer mailer,
            AnalyticsClient analytics,
            DeliveriesClient deliveries,
            @Readiness WarehouseReadiness warehouse,
            WarmUps warmUps) {
        warmUps.start(
                config.warmUp(),
                WarmUp.atStart(
                        "report path",
                        () -> "a report of " + ReportWarmup.run(mailer) + " made-up users read, written and rendered"),
                WarmUp.whenReady(
                        "warehouse round trip",
                        warehouse::isUp,
                        ROUND_TRIP_WITHIN,
                        () -> "the user-spend answer of an empty week read ("
                                + ReportWarmup.roundTrip(analytics, deliveries, config.status(), config.zone())
                                + " users)"));
    }
}
