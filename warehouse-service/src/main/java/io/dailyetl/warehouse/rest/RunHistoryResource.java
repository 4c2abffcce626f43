package io.dailyetl.warehouse.rest;

import static io.dailyetl.warehouse.rest.QueryParams.bounded;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.common.ProblemException;
import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.runs.RunReport;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.warehouse.run.RunHistory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Ingest's run history, kept with the loads so that every ingest replica answers the same, across restarts. Ingest
 * (loader) reports and reads runs; the console reads them with its reader token.
 */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.LOADER, Roles.OPERATOR})
@Tag(name = "runs", description = "The history of ingest runs, reported by the replica running each")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "503", description = "The database is not reachable; try again later")
public class RunHistoryResource {

    private final RunHistory history;

    RunHistoryResource(RunHistory history) {
        this.history = history;
    }

    @PUT
    @Path("/{runId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "reportRun",
            summary = "Report a run",
            description = "Stores the run unless a report with a higher version is stored "
                    + "already (reports may arrive out of order). Answers what is stored.")
    @APIResponse(responseCode = "200", description = "The run as stored")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid; the field is named")
    @APIResponse(responseCode = "404", description = "runId is not a UUID")
    public RunReport report(
            @PathParam("runId") UUID runId,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = RunReport.class)))
                    JsonNode run)
            throws IOException {
        // read as a tree, so that the history checks it and answers each fault as it always has
        return history.report(runId, run);
    }

    @GET
    @Path("/{runId}")
    @RolesAllowed({Roles.LOADER, Roles.READER, Roles.OPERATOR})
    @Operation(operationId = "getRun", summary = "Get a run")
    @APIResponse(responseCode = "200", description = "The run as last reported")
    @APIResponse(responseCode = "404", description = "No such run")
    public RunReport get(@PathParam("runId") UUID runId) {
        return history.find(runId).orElseThrow(() -> ProblemException.notFound("no run " + runId));
    }

    @GET
    @RolesAllowed({Roles.LOADER, Roles.READER, Roles.OPERATOR})
    @Operation(
            operationId = "listRuns",
            summary = "List recent runs",
            description = "Newest first, optionally of one source and one status, started within [since, before), "
                    + "a page of limit after offset.")
    @APIResponse(responseCode = "200", description = "The runs, newest first")
    @APIResponse(
            responseCode = "400",
            description = "limit outside 1-500, offset negative, status not a run status, or since/before not an "
                    + "instant; the parameter is named")
    public List<RunReport> list(
            @QueryParam("source") String source,
            @QueryParam("status") String status,
            @QueryParam("since") String since,
            @QueryParam("before") String before,
            @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset) {
        return history.recent(
                source == null || source.isBlank() ? null : source,
                status(status),
                instant(since, "since"),
                instant(before, "before"),
                bounded(limit, "limit", 1, 500),
                bounded(offset, "offset", 0, Integer.MAX_VALUE));
    }

    private static RunStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return RunStatus.valueOf(status.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("status", "must be one of RUNNING, SUCCEEDED, FAILED");
        }
    }

    private static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an instant such as 2026-11-19T00:00:00Z");
        }
    }
}
