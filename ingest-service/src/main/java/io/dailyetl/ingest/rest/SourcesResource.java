package io.dailyetl.ingest.rest;

import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.runs.SourceView;
import io.dailyetl.ingest.run.SourceStates;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every source of this ingest with where it stands ({@link SourceStates}). Read by the console with its reader token. */
@Path("/api/sources")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.READER, Roles.OPERATOR})
@Tag(name = "runs", description = "Ingest runs: source pages → clean records → one atomic warehouse load")
@SecurityRequirement(name = "bearer")
public class SourcesResource {

    private final SourceStates states;

    SourcesResource(SourceStates states) {
        this.states = states;
    }

    @GET
    @Operation(
            operationId = "listSources",
            summary = "The sources and where each stands",
            description = "Each source by name: {name, url (without credentials or query), schedule {source, cron, "
                    + "zone, nextRunAt, backfill}, lastRun (null before the first), watermark (null until a commit "
                    + "carried one), lagSeconds (now minus the watermark; null without one)}.")
    @APIResponse(responseCode = "200", description = "The sources, by name")
    @APIResponse(responseCode = "503", description = "The warehouse, which keeps the watermarks, cannot be reached")
    public List<SourceView> list() {
        return states.all();
    }
}
