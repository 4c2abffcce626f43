package io.dailyetl.ingest.rest;

import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.runs.ScheduleView;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.run.NextRun;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The daily schedule: when the next scheduled run starts. Read by the console with its reader token. */
@Path("/api/schedule")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.READER, Roles.OPERATOR})
@Tag(name = "runs", description = "Ingest runs: source pages → clean records → one atomic warehouse load")
@SecurityRequirement(name = "bearer")
public class ScheduleResource {

    private final NextRun next;
    private final ConfiguredSources sources;

    ScheduleResource(NextRun next, ConfiguredSources sources) {
        this.next = next;
        this.sources = sources;
    }

    @GET
    @Operation(
            operationId = "getSchedule",
            summary = "Get the daily schedule",
            description = "Of one source (optional with one source, required with several). "
                    + "{source, cron, zone, nextRunAt, backfill}: the source its runs load (ingest.load.source), "
                    + "ingest.schedule.cron, the zone it is read in "
                    + "(ingest.clean.zone), and when the next scheduled run starts; cron off and nextRunAt null "
                    + "when the schedule is off. backfill: off (incremental mode off), from (a lower bound only) or "
                    + "window (from and to).")
    @APIResponse(responseCode = "200", description = "The schedule")
    @APIResponse(responseCode = "400", description = "source missing while several are configured, or not one of them")
    public ScheduleView schedule(@QueryParam("source") String source) {
        return next.schedule(SourceParam.resolve(sources, source));
    }
}
