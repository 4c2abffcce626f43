package io.dailyetl.warehouseclient;

import io.dailyetl.common.PipelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Adds the bearer token ({@code PIPELINE_API_TOKEN}) to every call of the warehouse clients. */
@ApplicationScoped
public class WarehouseToken implements ClientHeadersFactory {

    private final String bearer;

    WarehouseToken(PipelineConfig config) {
        this.bearer = "Bearer " + config.apiToken();
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle("Authorization", bearer);
        return headers;
    }
}
