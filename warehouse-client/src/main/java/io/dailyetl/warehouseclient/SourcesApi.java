package io.dailyetl.warehouseclient;

import io.dailyetl.contract.loads.SourceWatermark;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The warehouse's per-source API. Wrapped by {@link SourcesClient}. */
@Singleton // one HTTP client, not two: see WarehouseReadiness.WarehouseHealth
@RegisterRestClient(configKey = "warehouse")
@RegisterProvider(WarehouseErrors.class)
@RegisterClientHeaders(WarehouseToken.class)
@Path("/api/sources")
@Produces(MediaType.APPLICATION_JSON)
interface SourcesApi {

    @GET
    @Path("/{source}/watermark")
    SourceWatermark watermark(@PathParam("source") String source, @QueryParam("limit") int limit);
}
