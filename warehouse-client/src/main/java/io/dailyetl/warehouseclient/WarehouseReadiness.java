package io.dailyetl.warehouseclient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Ingest and report are ready only while the warehouse answers its readiness probe: without it they cannot work. */
@Readiness
@ApplicationScoped
public class WarehouseReadiness implements HealthCheck {

    /**
     * {@code @Singleton}, as every warehouse client: an {@code @ApplicationScoped} REST client (the default) gets a client
     * proxy whose constructor builds an HTTP client of its own besides the real one, so two HTTP clients shared one
     * name and the second one's metrics ({@code http.client.active.connections} …) were refused with a warning at the
     * first call.
     */
    @Singleton
    @RegisterRestClient(configKey = "warehouse-health")
    @Path("/q/health")
    interface WarehouseHealth {
        @GET
        @Path("/ready")
        Response ready();
    }

    private final WarehouseHealth warehouse;

    WarehouseReadiness(@RestClient WarehouseHealth warehouse) {
        this.warehouse = warehouse;
    }

    /** Whether the warehouse answers its readiness probe now (for work that waits for it, such as warm-ups). */
    public boolean isUp() {
        return call().getStatus() == HealthCheckResponse.Status.UP;
    }

    @Override
    public HealthCheckResponse call() {
        try (Response response = warehouse.ready()) {
            return HealthCheckResponse.named("warehouse")
                    .status(response.getStatus() == 200)
                    .withData("status", response.getStatus())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("warehouse")
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
