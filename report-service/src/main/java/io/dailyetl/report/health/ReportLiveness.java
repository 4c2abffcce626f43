package io.dailyetl.report.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Says the report-service process is up; its real work arrives with its own issue. */
@Liveness
@ApplicationScoped
public class ReportLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("report-service");
    }
}
