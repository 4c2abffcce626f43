package io.dailyetl.console.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ingest-service's run API ({@code quarkus.rest-client.ingest.url}). Wrapped by {@link IngestClient}. */
@RegisterRestClient(configKey = "ingest")
@RegisterProvider(ServiceErrors.Ingest.class)
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface IngestApi {

    @POST
    IngestClient.StartedRun start(Map<String, Object> request, @HeaderParam("Authorization") String authorization);
}
