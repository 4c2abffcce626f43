package io.dailyetl.warehouseclient;

import io.dailyetl.contract.runs.RunReport;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
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

/** The warehouse's run-history API. Wrapped by {@link RunsClient}. */
@Singleton // one HTTP client, not two: see WarehouseReadiness.WarehouseHealth
@RegisterRestClient(configKey = "warehouse")
@RegisterProvider(WarehouseErrors.class)
@RegisterClientHeaders(WarehouseToken.class)
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface RunsApi {

    @PUT
    @Path("/{runId}")
    RunReport report(@PathParam("runId") UUID runId, RunReport report);

    @GET
    @Path("/{runId}")
    RunReport get(@PathParam("runId") UUID runId);

    @GET
    List<RunReport> recent(@QueryParam("source") String source, @QueryParam("limit") int limit);

    @GET
    List<RunReport> page(
            @QueryParam("source") String source,
            @QueryParam("status") String status,
            @QueryParam("since") String since,
            @QueryParam("before") String before,
            @QueryParam("limit") int limit,
            @QueryParam("offset") int offset);
}
