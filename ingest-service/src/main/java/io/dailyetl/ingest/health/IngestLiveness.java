package io.dailyetl.ingest.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Says the ingest-service process is up; its real work arrives with its own issue. */
@Liveness
@ApplicationScoped
public class IngestLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("ingest-service");
    }
}
