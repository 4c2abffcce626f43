package io.dailyetl.demo.health;

import io.dailyetl.demo.data.SourceData;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the data is generated (it is, before the first request): says how much there is. */
@Readiness
@ApplicationScoped
public class DataReadiness implements HealthCheck {

    private final SourceData data;

    DataReadiness(SourceData data) {
        this.data = data;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("demo-data")
                .up()
                .withData("records", data.dataset().size())
                .withData("seed", data.dataset().settings().seed())
                .build();
    }
}
