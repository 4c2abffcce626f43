package io.dailyetl.console.client;

import io.dailyetl.contract.runs.ScheduleView;
import io.dailyetl.contract.runs.SourceView;
import io.dailyetl.warehouseclient.WarehouseToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Ingest's sources and their schedules, read with the console's reader token ({@code pipeline.warehouse-token}, which
 * deployments also give ingest in {@code PIPELINE_TOKENS_READER}). Wrapped by {@link IngestSchedule}.
 */
@RegisterRestClient(configKey = "ingest-schedule")
@RegisterClientHeaders(WarehouseToken.class)
@RegisterProvider(ServiceErrors.Ingest.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
interface ScheduleApi {

    /** Every source of the ingest, with its schedule, last run, watermark and lag. */
    @GET
    @Path("/sources")
    List<SourceView> sources();

    /** The schedule of one source ({@code source} null: the ingest's only one). */
    @GET
    @Path("/schedule")
    ScheduleView schedule(@QueryParam("source") String source);
}
