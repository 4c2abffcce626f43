package io.dailyetl.common.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once every start-up warm-up has ended (a second or two after start), so traffic meets a warm JVM. */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

    private final WarmUps warmUps;

    WarmUpReadiness(WarmUps warmUps) {
        this.warmUps = warmUps;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("warm-up").status(warmUps.ended());
        warmUps.states().forEach(response::withData);
        return response.build();
    }
}
