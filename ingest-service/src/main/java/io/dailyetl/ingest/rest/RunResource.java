package io.dailyetl.ingest.rest;

import io.dailyetl.common.ProblemException;
import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.runs.RunView;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.run.NoSuchRun;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
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

    /**
     * Optional body of {@code POST /api/runs}: the logical date, and (incremental mode) a backfill window of change
     * times {@code [from, to)} or {@code full} to pull everything whatever the watermark.
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = false)
    public record RunRequest(String logicalDate, String from, String to, Boolean full) {}

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "startRun",
            summary = "Start a run",
            description =
                    "Opens a warehouse load and reads the source in the background. "
                            + "Optional body {\"logicalDate\":\"YYYY-MM-DD\"} (default today in ingest.clean.zone), recorded with the run. "
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
    @APIResponse(responseCode = "409", description = "A run is in progress here or in another replica")
    @APIResponse(responseCode = "503", description = "The warehouse cannot be reached")
    public Response start(String body) {
        RunRequest request = parse(body);
        LocalDate day = LocalDate.now(config.clean().zone());
        if (request != null && request.logicalDate() != null) {
            try {
                day = LocalDate.parse(request.logicalDate().trim());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid(
                        "logicalDate", "not a date (YYYY-MM-DD): \"" + request.logicalDate() + "\"");
            }
        }
        RunView run = runs.start(day, "api", pullRequest(request));
        return Response.accepted(run)
                .location(URI.create("/api/runs/" + run.runId()))
                .build();
    }

    /** The backfill window or full pull asked for, checked against the configuration (400 naming the field). */
    private PullRequest pullRequest(RunRequest request) {
        if (request == null) {
            return PullRequest.NONE;
        }
        boolean full = Boolean.TRUE.equals(request.full());
        IngestConfig.Incremental incremental = config.source().incremental();
        Instant from = instant("from", request.from());
        Instant to = instant("to", request.to());
        if (from == null && to == null) {
            return full ? new PullRequest(null, null, true) : PullRequest.NONE;
        }
        String field = from != null ? "from" : "to";
        if (full) {
            throw ProblemException.invalid(
                    "full", "full pulls everything: it cannot be given with a window (from, to)");
        }
        if (!incremental.enabled()) {
            throw ProblemException.invalid(
                    field,
                    "a window needs incremental mode (ingest.source.incremental.enabled=true "
                            + "and the source's changed-since parameter, ingest.source.incremental.since-param)");
        }
        if (from == null) {
            throw ProblemException.invalid("from", "required with to: the window is [from, to)");
        }
        if (to != null && incremental.untilParam().isEmpty()) {
            throw ProblemException.invalid(
                    "to",
                    "the source has no upper-bound parameter "
                            + "(ingest.source.incremental.until-param); leave to out to pull from 'from' up to now");
        }
        if (to != null && !to.isAfter(from)) {
            throw ProblemException.invalid("to", "must be after from (the window is [from, to))");
        }
        if (from.isAfter(Instant.now())) {
            throw ProblemException.invalid("from", "is in the future: nothing has changed since then yet");
        }
        return new PullRequest(from, to, false);
    }

    /** An ISO-8601 instant with Z or an offset, or a date meaning its start in the cleaning zone; null for null. */
    private Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(config.clean().zone()).toInstant();
            } catch (DateTimeParseException notADate) {
                throw ProblemException.invalid(
                        field, "not an instant (e.g. 2026-11-24T00:00:00Z) or a date (YYYY-MM-DD): \"" + value + "\"");
            }
        }
    }

    /** The optional body: empty, or JSON {"logicalDate": "YYYY-MM-DD"}; an empty POST needs no content type. */
    private RunRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            // a misspelt field ("form") must not silently start a different run than the one asked for
            return mapper.readerFor(RunRequest.class)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProblemException.invalid(
                    "body",
                    "expected {\"logicalDate\":\"YYYY-MM-DD\", \"from\":…, \"to\":…, "
                            + "\"full\":true|false} (each optional) or nothing: " + e.getOriginalMessage());
        }
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
            description = "Newest first, of every replica (the warehouse's history); only "
                    + "this replica's if the warehouse cannot be reached.")
    @APIResponse(responseCode = "200", description = "The runs, newest first")
    @APIResponse(responseCode = "400", description = "limit outside 1-100")
    public List<RunView> recent(@QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > 100) {
            throw ProblemException.invalid("limit", "must be between 1 and 100");
        }
        return runs.recent(limit);
    }
}
