package io.dailyetl.console.client;

import io.dailyetl.contract.runs.ScheduleView;
import io.dailyetl.warehouseclient.WarehouseToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Ingest's schedule, read with the console's reader token ({@code pipeline.warehouse-token}, which deployments also
 * give ingest in {@code PIPELINE_TOKENS_READER}). Wrapped by {@link IngestSchedule}.
 */
@RegisterRestClient(configKey = "ingest-schedule")
@RegisterClientHeaders(WarehouseToken.class)
@Path("/api/schedule")
@Produces(MediaType.APPLICATION_JSON)
interface ScheduleApi {

    @GET
    ScheduleView schedule();
}
