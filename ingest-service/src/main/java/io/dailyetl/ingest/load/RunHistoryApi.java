package io.dailyetl.ingest.load;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.dailyetl.ingest.run.RunView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.UUID;

/** The warehouse's run-history API, as ingest calls it. Wrapped by {@link RunHistoryClient}. */
@RegisterRestClient(configKey = "warehouse")
@RegisterProvider(io.dailyetl.warehouseclient.WarehouseErrors.class)
@ClientHeaderParam(name = "Authorization", value = "{io.dailyetl.warehouseclient.WarehouseErrors.bearer}")
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface RunHistoryApi {

    @PUT
    @Path("/{runId}")
    RunView report(@PathParam("runId") UUID runId, RunReport report);

    @GET
    @Path("/{runId}")
    RunView get(@PathParam("runId") UUID runId);

    @GET
    List<RunView> recent(@QueryParam("source") String source, @QueryParam("limit") int limit);

    /** A run as reported: the view, the source it loads, and the report's version (newer reports win). */
    record RunReport(@JsonUnwrapped RunView run, String source, long version) {
    }
}
