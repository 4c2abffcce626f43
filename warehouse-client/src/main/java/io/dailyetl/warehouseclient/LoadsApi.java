package io.dailyetl.warehouseclient;

import io.dailyetl.contract.loads.AbortResult;
import io.dailyetl.contract.loads.BatchReceipt;
import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.loads.CommitLoad;
import io.dailyetl.contract.loads.CommitResult;
import io.dailyetl.contract.loads.LoadView;
import io.dailyetl.contract.loads.OpenLoad;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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

/** The warehouse's load API. Wrapped by {@link LoadsClient}. */
@Singleton // one HTTP client, not two: see WarehouseReadiness.WarehouseHealth
@RegisterRestClient(configKey = "warehouse")
@RegisterProvider(WarehouseErrors.class)
@RegisterClientHeaders(WarehouseToken.class)
@Path("/api/loads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface LoadsApi {

    @POST
    LoadView open(OpenLoad request);

    @PUT
    @Path("/{loadId}/batches/{seq}")
    BatchReceipt putBatch(@PathParam("loadId") UUID loadId, @PathParam("seq") int seq, byte[] body);

    @POST
    @Path("/{loadId}/commit")
    CommitResult commit(@PathParam("loadId") UUID loadId, CommitLoad request);

    @POST
    @Path("/{loadId}/heartbeat")
    LoadView heartbeat(@PathParam("loadId") UUID loadId);

    @POST
    @Path("/{loadId}/abort")
    AbortResult abort(@PathParam("loadId") UUID loadId);

    @GET
    @Path("/{loadId}")
    LoadView get(@PathParam("loadId") UUID loadId);

    /** As {@link #abort}, with the token {@code authorization} names (an operator's, who may abort any load). */
    @POST
    @Path("/{loadId}/abort")
    AbortResult abortAs(@PathParam("loadId") UUID loadId, @HeaderParam("Authorization") String authorization);

    /** The most recent loads (an operator's list), newest first. */
    @GET
    List<LoadView> recent(
            @QueryParam("source") String source,
            @QueryParam("limit") int limit,
            @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/{loadId}/checks")
    List<CheckResult> checks(@PathParam("loadId") UUID loadId);

    @GET
    List<LoadView> list(@QueryParam("source") String source, @QueryParam("limit") int limit);

    @GET
    @Path("/{loadId}/rejects")
    RejectPage rejects(
            @PathParam("loadId") UUID loadId, @QueryParam("limit") int limit, @QueryParam("offset") long offset);
}
