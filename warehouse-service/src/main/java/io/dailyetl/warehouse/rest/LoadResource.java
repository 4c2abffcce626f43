package io.dailyetl.warehouse.rest;

import static io.dailyetl.warehouse.rest.QueryParams.bounded;

import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.loads.AbortResult;
import io.dailyetl.contract.loads.BatchReceipt;
import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.loads.CommitLoad;
import io.dailyetl.contract.loads.CommitResult;
import io.dailyetl.contract.loads.LoadView;
import io.dailyetl.contract.loads.OpenLoad;
import io.dailyetl.warehouse.lifecycle.LoadLease;
import io.dailyetl.warehouse.lifecycle.LoadLifecycle;
import io.dailyetl.warehouse.lifecycle.LoadQueries;
import io.dailyetl.warehouse.staging.BatchIntake;
import io.dailyetl.warehouse.staging.RejectPage;
import io.dailyetl.warehouse.staging.StagedBatch;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The load API: open a load, stage batches, commit or abort it, and look at loads and rejects. */
@Path("/api/loads")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.LOADER, Roles.OPERATOR})
@Tag(name = "loads", description = "Staged, atomic, idempotent loads into daily_snapshot")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "503", description = "The database is not reachable; try again later")
public class LoadResource {

    private final LoadLifecycle lifecycle;
    private final LoadLease lease;
    private final LoadQueries queries;
    private final BatchIntake intake;

    LoadResource(LoadLifecycle lifecycle, LoadLease lease, LoadQueries queries, BatchIntake intake) {
        this.lifecycle = lifecycle;
        this.lease = lease;
        this.queries = queries;
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "openLoad",
            summary = "Open a load",
            description = "Opens a load of a source and its staging. Only one load of a "
                    + "source may be OPEN at a time while its lease is alive; the lease is renewed by every batch.")
    @APIResponse(
            responseCode = "201",
            description = "Opened: {loadId, status: OPEN, ...}; Location names the load",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LoadView.class)))
    @APIResponse(
            responseCode = "400",
            description = "source missing or invalid, or runId too long; errors names the field")
    @APIResponse(responseCode = "409", description = "Another load of this source is OPEN and its lease alive")
    public Response open(OpenLoad request) {
        LoadView view = lifecycle.open(request);
        return Response.created(URI.create("/api/loads/" + view.loadId()))
                .entity(view)
                .build();
    }

    @PUT
    @Path("/{loadId}/batches/{seq}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "putBatch",
            summary = "Stage a batch",
            description = "Validates the whole batch ({\"records\":[…],\"rejects\":[…]}) "
                    + "and stages it; if any record is invalid nothing of it is staged. Re-sending a seq replaces what it "
                    + "staged before, so retries are idempotent.")
    @APIResponse(responseCode = "200", description = "Staged: {seq, records, rejects}")
    @APIResponse(responseCode = "400", description = "Invalid batch; errors name each field at fault")
    @APIResponse(responseCode = "404", description = "No such load")
    @APIResponse(responseCode = "409", description = "The load is not OPEN")
    @APIResponse(responseCode = "413", description = "Batch larger than warehouse.batch.max-bytes or max-records")
    @APIResponse(
            responseCode = "503",
            description = "The database refused the batch for want of a resource (urn:daily-etl:database-refused: "
                    + "a full disk, out of memory; detail names its message and SQLSTATE), or is not reachable; "
                    + "nothing of the batch was staged")
    public BatchReceipt stage(
            @PathParam("loadId") UUID loadId,
            @PathParam("seq") int seq,
            @HeaderParam("Content-Length") Long contentLength,
            InputStream body)
            throws IOException {
        StagedBatch batch = intake.read(body, contentLength, seq);
        lifecycle.stage(loadId, batch);
        return new BatchReceipt(seq, batch.records(), batch.rejects().size());
    }

    @POST
    @Path("/{loadId}/commit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "commitLoad",
            summary = "Commit a load",
            description = "In one transaction: checks that the counts match what was "
                    + "staged, then merges staging into daily_snapshot (the last occurrence of an id by batch seq and position "
                    + "wins; new ids inserted, changed ones updated, identical ones left unchanged) and moves the source's "
                    + "watermark to the optional \"watermark\" (an ISO-8601 instant: the highest change time among the "
                    + "load's records) if that is later than the stored one; it never moves backwards. Before the merge "
                    + "the load's data checks are judged (reject-share, duplicate-share, volume, freshness, field rules; "
                    + "docs/checks.md): an "
                    + "error refuses the commit, a warning lets it through; every result is kept.")
    @APIResponse(
            responseCode = "200",
            description = "{status: COMMITTED, inserted, updated, unchanged, duplicates, rejects, "
                    + "watermark (the source's after the commit, null if none), watermarkMoved, checks (each data "
                    + "check's {check, field, outcome PASS or WARN, observed, warn, error, note, samples}: field and "
                    + "up to 20 sample ids of failing records for a field rule)}")
    @APIResponse(
            responseCode = "400",
            description = "A count missing or negative, or the watermark invalid (not an "
                    + "ISO-8601 instant with an offset, before 1970, or more than a day ahead of the database's clock); "
                    + "nothing committed")
    @APIResponse(responseCode = "404", description = "No such load")
    @APIResponse(
            responseCode = "409",
            description = "Counts differ from what was staged, or staged rows were lost "
                    + "(urn:daily-etl:staging-lost: PostgreSQL restarted since); nothing merged, the load stays OPEN. Or the load "
                    + "is not OPEN")
    @APIResponse(
            responseCode = "422",
            description = "A data check failed at its error threshold (urn:daily-etl:checks-failed): detail names "
                    + "each (a field rule with its field and a few sample ids) with its observed value and threshold, checks lists their results; nothing merged, the "
                    + "watermark not moved, the load stays OPEN for its sender to abort")
    @APIResponse(
            responseCode = "503",
            description = "Another commit held the merge lock past warehouse.commit.lock-wait "
                    + "(urn:daily-etl:merge-busy), or the database is unavailable or refused it for want of a "
                    + "resource (urn:daily-etl:database-refused); nothing merged")
    public CommitResult commit(@PathParam("loadId") UUID loadId, CommitLoad request) {
        return lifecycle.commit(loadId, request);
    }

    @POST
    @Path("/{loadId}/heartbeat")
    @Operation(
            operationId = "heartbeatLoad",
            summary = "Keep a load alive",
            description = "Extends the load's lease (warehouse.load.lease) while its "
                    + "sender is alive but has no batch to send, e.g. while a slow source keeps it waiting.")
    @APIResponse(responseCode = "200", description = "The load, OPEN, with its new lease")
    @APIResponse(responseCode = "404", description = "No such load")
    @APIResponse(responseCode = "409", description = "The load is not OPEN (committed, aborted, or expired)")
    public LoadView heartbeat(@PathParam("loadId") UUID loadId) {
        return lease.heartbeat(loadId);
    }

    @POST
    @Path("/{loadId}/abort")
    @Operation(
            operationId = "abortLoad",
            summary = "Abort a load",
            description = "Discards what the load staged. Aborting an ABORTED load again "
                    + "answers 200; a COMMITTED load cannot be aborted.")
    @APIResponse(responseCode = "200", description = "{loadId, status: ABORTED}")
    @APIResponse(responseCode = "404", description = "No such load")
    @APIResponse(responseCode = "409", description = "The load is COMMITTED")
    public AbortResult abort(@PathParam("loadId") UUID loadId) {
        return new AbortResult(loadId, lifecycle.abort(loadId));
    }

    @GET
    @Path("/{loadId}")
    @Operation(
            operationId = "getLoad",
            summary = "Get a load",
            description = "Status (OPEN, COMMITTED, ABORTED, EXPIRED), counts and times.")
    @APIResponse(responseCode = "200", description = "The load")
    @APIResponse(responseCode = "404", description = "No such load (also for an id that is not a UUID)")
    public LoadView get(@PathParam("loadId") UUID loadId) {
        return queries.get(loadId);
    }

    @GET
    @Path("/{loadId}/checks")
    @Operation(
            operationId = "getLoadChecks",
            summary = "Get a load's data checks",
            description = "The results of the load's latest data checks (docs/checks.md), in the order judged: "
                    + "its commit's, or for a load whose commit they refused, that refusal's; empty if none yet.")
    @APIResponse(
            responseCode = "200",
            description = "[{check, field, outcome PASS, WARN or ERROR, observed, warn, error, note, samples}]")
    @APIResponse(responseCode = "404", description = "No such load (also for an id that is not a UUID)")
    public List<CheckResult> checks(@PathParam("loadId") UUID loadId) {
        return queries.checks(loadId);
    }

    @GET
    @RolesAllowed({Roles.READER, Roles.OPERATOR})
    @Operation(
            operationId = "listLoads",
            summary = "List recent loads",
            description = "Newest first, optionally of one source.")
    @APIResponse(responseCode = "200", description = "The loads, newest first")
    @APIResponse(responseCode = "400", description = "limit outside 1-500")
    public List<LoadView> list(
            @QueryParam("source") String source, @QueryParam("limit") @DefaultValue("20") int limit) {
        return queries.list(source == null || source.isBlank() ? null : source, bounded(limit, "limit", 1, 500));
    }

    @GET
    @RolesAllowed({Roles.READER, Roles.OPERATOR})
    @Path("/{loadId}/rejects")
    @Operation(
            operationId = "listRejects",
            summary = "List a load's quarantined rejects",
            description = "Each with the reason naming the field, "
                    + "its source page and the record as fetched, in the order sent.")
    @APIResponse(responseCode = "200", description = "A page of the load's rejects")
    @APIResponse(responseCode = "400", description = "limit outside 1-1000 or offset negative")
    @APIResponse(responseCode = "404", description = "No such load")
    public RejectPage rejects(
            @PathParam("loadId") UUID loadId,
            @QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset) {
        return queries.rejects(
                loadId, bounded(limit, "limit", 1, 1000), bounded(offset, "offset", 0, Integer.MAX_VALUE));
    }
}
