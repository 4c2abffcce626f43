package io.dailyetl.warehouseclient;

import io.dailyetl.common.PipelineConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Adds this service's warehouse token ({@code PIPELINE_WAREHOUSE_TOKEN}, else {@code PIPELINE_API_TOKEN}) to
 * every call of the warehouse clients, unless the call names its own (a forced resend carries the operator's).
 * Checked at start-up: in the {@code prod} profile a service that talks to the warehouse does not start without one.
 */
@Startup
@ApplicationScoped
public class WarehouseToken implements ClientHeadersFactory {

    private static final String AUTHORIZATION = "Authorization";

    private final String bearer;

    WarehouseToken(PipelineConfig config) {
        String token = config.warehouseToken()
                .or(config::apiToken)
                .filter(t -> !t.isBlank())
                .orElse(null);
        if (token == null && LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException("no token for the warehouse: set PIPELINE_WAREHOUSE_TOKEN "
                    + "(or PIPELINE_API_TOKEN in a single-token setup)");
        }
        this.bearer = token == null ? null : "Bearer " + token.trim();
    }

    @Override
    public MultivaluedMap<String, String> update(
            MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        String own = outgoing.getFirst(AUTHORIZATION);
        if (own != null) {
            headers.putSingle(AUTHORIZATION, own);
        } else if (bearer != null) {
            headers.putSingle(AUTHORIZATION, bearer);
        }
        return headers;
    }
}
