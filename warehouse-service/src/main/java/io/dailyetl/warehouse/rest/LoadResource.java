package io.dailyetl.warehouse.rest;

import io.dailyetl.common.ProblemException;
import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.loads.BatchReceipt;
import io.dailyetl.contract.loads.CommitLoad;
import io.dailyetl.contract.loads.OpenLoad;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.lifecycle.CommitResult;
import io.dailyetl.warehouse.lifecycle.LoadLease;
import io.dailyetl.warehouse.lifecycle.LoadLifecycle;
import io.dailyetl.warehouse.lifecycle.LoadQueries;
import io.dailyetl.warehouse.lifecycle.LoadStatus;
import io.dailyetl.warehouse.lifecycle.LoadView;
import io.dailyetl.warehouse.staging.BatchReader;
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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The load API: open a load, stage batches, commit or abort it, and look at loads and rejects. */
@Path("/api/loads")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.LOADER, Roles.OPERATOR})
@Tag(name = "loads", description = "Staged, atomic, idempotent loads into daily_snapshot")
@SecurityRequirement(name = "bearer")
public class LoadResource {

    private final LoadLifecycle lifecycle;
    private final LoadLease lease;
    private final LoadQueries queries;
    private final BatchReader reader;
    private final WarehouseConfig config;

    LoadResource(
            LoadLifecycle lifecycle, LoadLease lease, LoadQueries queries, BatchReader reader, WarehouseConfig config) {
        this.lifecycle = lifecycle;
        this.lease = lease;
        this.queries = queries;
        this.reader = reader;
        this.config = config;
    }

    /** Answer to an abort. */
    public record AbortResult(UUID loadId, LoadStatus status) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Open a load",
            description = "Opens a load of a source and its staging. Only one load of a "
                    + "source may be OPEN at a time while its lease is alive; the lease is renewed by every batch.")
    @APIResponse(responseCode = "201", description = "Opened: {loadId, status: OPEN, ...}")
    @APIResponse(responseCode = "409", description = "Another load of this source is OPEN and its lease alive")
    public Response open(OpenLoad request) {
        if (request == null) {
            throw ProblemException.invalid("source", "required: send {\"source\":\"…\",\"runId\":\"…\"}");
        }
        LoadView view = lifecycle.open(request.source(), request.runId());
        return Response.created(URI.create("/api/loads/" + view.loadId()))
                .entity(view)
                .build();
    }

    @PUT
    @Path("/{loadId}/batches/{seq}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Stage a batch",
            description = "Validates the whole batch ({\"records\":[…],\"rejects\":[…]}) "
                    + "and stages it; if any record is invalid nothing of it is staged. Re-sending a seq replaces what it "
                    + "staged before, so retries are idempotent.")
    @APIResponse(responseCode = "200", description = "Staged: {seq, records, rejects}")
    @APIResponse(responseCode = "400", description = "Invalid batch; errors name each field at fault")
    @APIResponse(responseCode = "409", description = "The load is not OPEN")
    @APIResponse(responseCode = "413", description = "Batch larger than warehouse.batch.max-bytes or max-records")
    public BatchReceipt stage(
            @PathParam("loadId") String loadId,
            @PathParam("seq") String seq,
            @HeaderParam("Content-Length") Long contentLength,
            InputStream body)
            throws IOException {
        UUID id = loadId(loadId);
        int batchSeq = seq(seq);
        long maxBytes = config.batch().maxBytes().asLongValue();
        if (contentLength != null && contentLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        // whole, so that attributes go from the body into the COPY text as they were sent
        byte[] bytes = new LimitedInputStream(body, maxBytes).readAllBytes();
        StagedBatch batch = reader.read(bytes, batchSeq, config.batch().maxRecords());
        lifecycle.stage(id, batch);
        return new BatchReceipt(batchSeq, batch.records(), batch.rejects().size());
    }

    @POST
    @Path("/{loadId}/commit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Commit a load",
            description = "In one transaction: checks that the counts match what was "
                    + "staged, then merges staging into daily_snapshot (the last occurrence of an id by batch seq and position "
                    + "wins; new ids inserted, changed ones updated, identical ones left unchanged) and moves the source's "
                    + "watermark to the optional \"watermark\" (an ISO-8601 instant: the highest change time among the "
                    + "load's records) if that is later than the stored one; it never moves backwards.")
    @APIResponse(
            responseCode = "200",
            description = "{status: COMMITTED, inserted, updated, unchanged, duplicates, rejects, "
                    + "watermark (the source's after the commit, null if none), watermarkMoved}")
    @APIResponse(
            responseCode = "400",
            description = "A count missing or negative, or the watermark invalid (not an "
                    + "ISO-8601 instant with an offset, before 1970, or more than a day ahead of the database's clock); "
                    + "nothing committed")
    @APIResponse(
            responseCode = "409",
            description = "Counts differ from what was staged, or staged rows were lost "
                    + "(urn:daily-etl:staging-lost: PostgreSQL restarted since); nothing merged, the load stays OPEN. Or the load "
                    + "is not OPEN")
    @APIResponse(
            responseCode = "503",
            description = "Another commit held the merge lock past warehouse.commit.lock-wait "
                    + "(urn:daily-etl:merge-busy), or the database is unavailable; nothing merged")
    public CommitResult commit(@PathParam("loadId") String loadId, CommitLoad request) {
        UUID id = loadId(loadId);
        if (request == null) {
            throw ProblemException.invalid(
                    "batches", "required: send {\"batches\":k,\"records\":n,\"rejects\":m,\"watermark\":\"…\"}");
        }
        int batches = nonNegative(request.batches(), "batches").intValue();
        long records = nonNegative(request.records(), "records").longValue();
        long rejects = nonNegative(request.rejects(), "rejects").longValue();
        return lifecycle.commit(id, batches, records, rejects, request.watermark());
    }

    @POST
    @Path("/{loadId}/heartbeat")
    @Operation(
            summary = "Keep a load alive",
            description = "Extends the load's lease (warehouse.load.lease) while its "
                    + "sender is alive but has no batch to send, e.g. while a slow source keeps it waiting.")
    @APIResponse(responseCode = "200", description = "The load, OPEN, with its new lease")
    @APIResponse(responseCode = "409", description = "The load is not OPEN (committed, aborted, or expired)")
    public LoadView heartbeat(@PathParam("loadId") String loadId) {
        return lease.heartbeat(loadId(loadId));
    }

    @POST
    @Path("/{loadId}/abort")
    @Operation(
            summary = "Abort a load",
            description = "Discards what the load staged. Aborting an ABORTED load again "
                    + "answers 200; a COMMITTED load cannot be aborted.")
    @APIResponse(responseCode = "200", description = "{loadId, status: ABORTED}")
    @APIResponse(responseCode = "409", description = "The load is COMMITTED")
    public AbortResult abort(@PathParam("loadId") String loadId) {
        UUID id = loadId(loadId);
        return new AbortResult(id, lifecycle.abort(id));
    }

    @GET
    @Path("/{loadId}")
    @Operation(summary = "Get a load", description = "Status (OPEN, COMMITTED, ABORTED, EXPIRED), counts and times.")
    public LoadView get(@PathParam("loadId") String loadId) {
        return queries.get(loadId(loadId));
    }

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "List recent loads", description = "Newest first, optionally of one source.")
    public List<LoadView> list(
            @QueryParam("source") String source, @QueryParam("limit") @DefaultValue("20") int limit) {
        return queries.list(source == null || source.isBlank() ? null : source, bounded(limit, "limit", 1, 500));
    }

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Path("/{loadId}/rejects")
    @Operation(
            summary = "List a load's quarantined rejects",
            description = "Each with the reason naming the field, "
                    + "its source page and the record as fetched, in the order sent.")
    public RejectPage rejects(
            @PathParam("loadId") String loadId,
            @QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset) {
        return queries.rejects(
                loadId(loadId), bounded(limit, "limit", 1, 1000), bounded(offset, "offset", 0, Integer.MAX_VALUE));
    }

    private static UUID loadId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no load " + value);
        }
    }

    private static int seq(String value) {
        try {
            int seq = Integer.parseInt(value);
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid("seq", "must be a non-negative integer, got \"" + value + "\"");
    }

    private static Number nonNegative(Number value, String field) {
        if (value == null) {
            throw ProblemException.invalid(field, "required");
        }
        if (value.longValue() < 0) {
            throw ProblemException.invalid(field, "must not be negative");
        }
        return value;
    }

    /** {@code value}, unless it is outside {@code [min, max]}: then a 400 naming {@code field}. */
    static int bounded(int value, String field, int min, int max) {
        if (value < min || value > max) {
            throw ProblemException.invalid(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static ProblemException tooLarge(long maxBytes) {
        return ProblemException.tooLarge(
                "a batch body may be at most " + maxBytes + " bytes (warehouse.batch.max-bytes); send smaller batches");
    }

    /** Stops reading past the limit, for bodies that come without a Content-Length. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long max;
        private long read;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw tooLarge(max);
            }
        }
    }
}
