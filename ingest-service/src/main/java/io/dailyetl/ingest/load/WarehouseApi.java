package io.dailyetl.ingest.load;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** The warehouse's load API (design 4.1), as ingest calls it. Wrapped by {@link WarehouseClient}. */
@RegisterRestClient(configKey = "warehouse")
@RegisterProvider(io.dailyetl.warehouseclient.WarehouseErrors.class)
@ClientHeaderParam(name = "Authorization", value = "{io.dailyetl.warehouseclient.WarehouseErrors.bearer}")
@Path("/api/loads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface WarehouseApi {

    @POST
    Opened open(OpenRequest request);

    @PUT
    @Path("/{loadId}/batches/{seq}")
    BatchReceipt putBatch(@PathParam("loadId") UUID loadId, @PathParam("seq") int seq, byte[] body);

    @POST
    @Path("/{loadId}/commit")
    Committed commit(@PathParam("loadId") UUID loadId, CommitRequest request);

    @POST
    @Path("/{loadId}/heartbeat")
    LoadState heartbeat(@PathParam("loadId") UUID loadId);

    @POST
    @Path("/{loadId}/abort")
    Aborted abort(@PathParam("loadId") UUID loadId);

    @GET
    @Path("/{loadId}")
    LoadState get(@PathParam("loadId") UUID loadId);

    record OpenRequest(String source, String runId) {
    }

    record Opened(UUID loadId, String status) {
    }

    record BatchReceipt(int seq, int records, int rejects) {
    }

    record CommitRequest(int batches, long records, long rejects) {
    }

    /** What the warehouse merged; loaded = inserted + updated + unchanged. */
    record Committed(String status, long inserted, long updated, long unchanged, long duplicates, long rejects) {
    }

    record Aborted(UUID loadId, String status) {
    }

    /** A load as the warehouse shows it; the counts are set once it is COMMITTED. */
    record LoadState(UUID loadId, String status, Long inserted, Long updated, Long unchanged, Long duplicates,
            Long rejects) {
    }
}
