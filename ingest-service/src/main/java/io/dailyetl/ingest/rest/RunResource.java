package io.dailyetl.ingest.rest;

import io.dailyetl.common.ProblemException;
import io.dailyetl.common.security.Roles;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.run.NoSuchRun;
import io.dailyetl.contract.runs.RunView;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** The run API: trigger a run, watch it, list recent ones. Validates its own request fields (400). */
@RolesAllowed(Roles.OPERATOR)
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Ingest runs: source pages → clean records → one atomic warehouse load")
@SecurityRequirement(name = "bearer")
public class RunResource {

    private final Runs runs;
    private final IngestConfig config;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    RunResource(Runs runs, IngestConfig config, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.runs = runs;
        this.config = config;
        this.mapper = mapper;
    }

    /** Optional body of {@code POST /api/runs}. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = false)
    public record RunRequest(String logicalDate) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Start a run", description = "Opens a warehouse load and reads the source in the background. "
            + "Optional body {\"logicalDate\":\"YYYY-MM-DD\"} (default today in ingest.clean.zone), recorded with the run.")
    @APIResponse(responseCode = "202", description = "Started: {runId, status: RUNNING}; Location names the run")
    @APIResponse(responseCode = "409", description = "A run is in progress here or in another replica")
    @APIResponse(responseCode = "503", description = "The warehouse cannot be reached")
    public Response start(String body) {
        RunRequest request = parse(body);
        LocalDate day = LocalDate.now(config.clean().zone());
        if (request != null && request.logicalDate() != null) {
            try {
                day = LocalDate.parse(request.logicalDate().trim());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("logicalDate", "not a date (YYYY-MM-DD): \"" + request.logicalDate() + "\"");
            }
        }
        RunView run = runs.start(day, "api");
        return Response.accepted(run).location(URI.create("/api/runs/" + run.runId())).build();
    }

    /** The optional body: empty, or JSON {"logicalDate": "YYYY-MM-DD"}; an empty POST needs no content type. */
    private RunRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readValue(body, RunRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProblemException.invalid("body", "expected {\"logicalDate\":\"YYYY-MM-DD\"} or nothing: " + e.getOriginalMessage());
        }
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "Get a run", description = "Status, times and counts: pages, fetched, loaded, rejected, "
            + "duplicates, retries; the load's id, the attempts (each with its load and why it was lost), and the error "
            + "of a FAILED run. Any replica answers for any run: the history is kept at the warehouse.")
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
    @Operation(summary = "Recent runs", description = "Newest first, of every replica (the warehouse's history); only "
            + "this replica's if the warehouse cannot be reached.")
    public List<RunView> recent(@QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > 100) {
            throw ProblemException.invalid("limit", "must be between 1 and 100");
        }
        return runs.recent(limit);
    }
}
