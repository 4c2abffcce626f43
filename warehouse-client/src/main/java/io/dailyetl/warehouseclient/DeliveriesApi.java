package io.dailyetl.warehouseclient;

import io.dailyetl.contract.deliveries.ClaimDelivery;
import io.dailyetl.contract.deliveries.DeliveryFailed;
import io.dailyetl.contract.deliveries.DeliveryRecord;
import io.dailyetl.contract.deliveries.DeliverySent;
import io.dailyetl.contract.deliveries.DeliveryState;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The warehouse's report-delivery API. Wrapped by {@link DeliveriesClient}. */
@Singleton // one HTTP client, not two: see WarehouseReadiness.WarehouseHealth
@RegisterRestClient(configKey = "warehouse")
@RegisterProvider(WarehouseErrors.class)
@RegisterClientHeaders(WarehouseToken.class)
@Path("/api/report-deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface DeliveriesApi {

    /** {@code authorization}, when not null, replaces the configured token (see {@link WarehouseToken}). */
    @POST
    DeliveryState claim(ClaimDelivery request, @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/{id}/sent")
    DeliveryState sent(@PathParam("id") UUID id, DeliverySent request);

    @POST
    @Path("/{id}/failed")
    DeliveryState failed(@PathParam("id") UUID id, DeliveryFailed request);

    @GET
    List<DeliveryState> recent(@QueryParam("report") String report, @QueryParam("limit") int limit);

    /** The same list with every field of each delivery. */
    @GET
    List<DeliveryRecord> history(@QueryParam("report") String report, @QueryParam("limit") int limit);
}
