package io.dailyetl.report.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The warehouse as report-service calls it: user-spend and the report delivery ledger. Wrapped by {@link WarehouseClient}. */
@RegisterRestClient(configKey = "warehouse")
@RegisterProvider(io.dailyetl.warehouseclient.WarehouseErrors.class)
@ClientHeaderParam(name = "Authorization", value = "{io.dailyetl.warehouseclient.WarehouseErrors.bearer}")
@Path("/api")
interface WarehouseApi {

    @GET
    @Path("/analytics/user-spend")
    @Produces(MediaType.APPLICATION_JSON)
    InputStream userSpend(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
            @QueryParam("status") String status, @QueryParam("zone") String zone);

    @POST
    @Path("/report-deliveries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Delivery claim(ClaimRequest request);

    @POST
    @Path("/report-deliveries/{id}/sent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Delivery sent(@PathParam("id") UUID id, SentRequest request);

    @POST
    @Path("/report-deliveries/{id}/failed")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Delivery failed(@PathParam("id") UUID id, FailedRequest request);

    record ClaimRequest(String report, LocalDate from, LocalDate to, List<String> recipients, boolean force) {
    }

    record SentRequest(long users, BigDecimal total) {
    }

    record FailedRequest(String error) {
    }

    record Delivery(UUID deliveryId, String status) {
    }
}
