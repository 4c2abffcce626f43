package io.dailyetl.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.dailyetl.common.Problem;
import io.dailyetl.common.ProblemException;
import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.runs.RunView;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.dailyetl.ingest.run.InvalidRunRequest;
import io.dailyetl.ingest.run.NoSuchRun;
import io.dailyetl.ingest.run.PullPlanner;
import io.dailyetl.ingest.run.PullRequest;
import io.dailyetl.ingest.run.Runs;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
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
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The run API: trigger a run, watch it, list recent ones. A request the run code refuses ({@link InvalidRunRequest})
 * is 400 naming the field, as is a body that is not a {@link RunRequest}.
 */
@RolesAllowed(Roles.OPERATOR)
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Ingest runs: source pages → clean records → one atomic warehouse load")
@SecurityRequirement(name = "bearer")
public class RunResource {

    private final Runs runs;
    private final PullPlanner pulls;
    private final ConfiguredSources sources;

    RunResource(Runs runs, PullPlanner pulls, ConfiguredSources sources) {
        this.runs = runs;
        this.pulls = pulls;
        this.sources = sources;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "startRun",
            summary = "Start a run",
            description =
                    "Opens a warehouse load and reads the source in the background. "
                            + "Optional body {\"source\":…} names the source (required when several are configured). "
                            + "Optional {\"logicalDate\":\"YYYY-MM-DD\"} (default today in the source's zone), recorded with the run. "
                            + "With ingest.source.incremental.enabled, a run pulls what changed since the source's watermark less the "
                            + "look-back; {\"from\":…, \"to\":…} (ISO-8601 instants, or dates meaning their start in ingest.clean.zone; "
                            + "to needs ingest.source.incremental.until-param) re-pulls that window of change times instead, and "
                            + "{\"full\":true} pulls everything. Neither moves the watermark backwards; a window never moves it.")
    @RequestBody(required = false)
    @APIResponse(
            responseCode = "202",
            description = "Started: {runId, status: RUNNING}; Location names the run",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "A field of the body is invalid (problem+json naming it)")
    @APIResponse(
            responseCode = "409",
            description = "A run of the source is in progress here or in another replica, or ingest.run.max-concurrent "
                    + "runs are in progress here")
    @APIResponse(responseCode = "503", description = "The warehouse cannot be reached")
    public Response start(RunRequest request) {
        SourceSettings source = source(request == null ? null : request.source());
        LocalDate day = LocalDate.now(source.zone());
        if (request != null && request.logicalDate() != null) {
            try {
                day = LocalDate.parse(request.logicalDate().trim());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid(
                        "logicalDate", "not a date (YYYY-MM-DD): \"" + request.logicalDate() + "\"");
            }
        }
        PullRequest pull = request == null
                ? PullRequest.NONE
                : pulls.request(source, request.from(), request.to(), request.full());
        RunView run = runs.start(source, day, "api", pull);
        return Response.accepted(run)
                .location(URI.create("/api/runs/" + run.runId()))
                .build();
    }

    /** A body that is not the request's JSON: a syntax error, a field of the wrong type, an unknown field. */
    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        return Problem.response(RunRequest.unreadable(e));
    }

    /** As {@link #unreadableBody(JsonProcessingException)}, before the shared mapper of mismatched JSON. */
    @ServerExceptionMapper
    public Response unreadableBody(MismatchedInputException e) {
        return Problem.response(RunRequest.unreadable(e));
    }

    @GET
    @Path("/{runId}")
    @Operation(
            operationId = "getRun",
            summary = "Get a run",
            description = "Status, times and counts: pages, fetched, loaded, rejected, "
                    + "duplicates, retries; the load's id, the attempts (each with its load and why it was lost), and the error "
                    + "of a FAILED run. Any replica answers for any run: the history is kept at the warehouse.")
    @APIResponse(responseCode = "200", description = "The run")
    @APIResponse(responseCode = "404", description = "No such run (also for an id that is not a UUID)")
    @APIResponse(
            responseCode = "503",
            description = "The run is not this replica's and the warehouse's run history cannot be reached")
    public RunView get(@PathParam("runId") String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw new NoSuchRun(runId);
        }
        return runs.get(id).orElseThrow(() -> new NoSuchRun(runId));
    }

    @GET
    @Operation(
            operationId = "listRuns",
            summary = "Recent runs",
            description = "Of one source (optional with one source, required with several), newest first, of every "
                    + "replica (the warehouse's history); only this replica's if the warehouse cannot be reached.")
    @APIResponse(responseCode = "200", description = "The runs, newest first")
    @APIResponse(
            responseCode = "400",
            description = "limit outside 1-100, or source missing while several are configured, or not one of them")
    public List<RunView> recent(
            @QueryParam("source") String source, @QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > 100) {
            throw ProblemException.invalid("limit", "must be between 1 and 100");
        }
        return runs.recent(source(source), limit);
    }

    private SourceSettings source(String name) {
        return SourceParam.resolve(sources, name);
    }
}
