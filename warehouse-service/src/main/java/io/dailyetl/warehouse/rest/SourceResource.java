package io.dailyetl.warehouse.rest;

import io.dailyetl.common.ProblemException;
import io.dailyetl.common.security.Roles;
import io.dailyetl.warehouse.watermark.SourceWatermarks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the warehouse keeps per source: its watermark, moved by the commits of its loads. */
@Path("/api/sources")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.LOADER, Roles.READER, Roles.OPERATOR})
@Tag(name = "sources", description = "Each source's watermark, committed with the data it describes")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "503", description = "The database is not reachable; try again later")
public class SourceResource {

    private final SourceWatermarks watermarks;

    SourceResource(SourceWatermarks watermarks) {
        this.watermarks = watermarks;
    }

    @GET
    @Path("/{source}/watermark")
    @Operation(
            operationId = "getWatermark",
            summary = "Get a source's watermark",
            description = "The highest change time among the records of the "
                    + "source's committed loads (moved only by a commit, in the commit's transaction, and never backwards), "
                    + "the load that moved it there and when, and its history of moves, newest first.")
    @APIResponse(
            responseCode = "200",
            description =
                    "{source, watermark, loadId, movedAt, history: [{watermark, " + "previous, loadId, movedAt}]}")
    @APIResponse(responseCode = "400", description = "limit outside 1-1000")
    @APIResponse(responseCode = "404", description = "The source has no watermark (no commit of it carried one)")
    public SourceWatermarks.WatermarkView watermark(
            @PathParam("source") String source, @QueryParam("limit") @DefaultValue("100") int limit)
            throws SQLException {
        return watermarks
                .find(source, QueryParams.bounded(limit, "limit", 1, 1000))
                .orElseThrow(() -> ProblemException.notFound("source " + source + " has no watermark"));
    }
}
