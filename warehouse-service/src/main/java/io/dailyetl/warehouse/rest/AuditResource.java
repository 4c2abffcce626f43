package io.dailyetl.warehouse.rest;

import static io.dailyetl.warehouse.rest.QueryParams.bounded;

import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.audit.AuditEntry;
import io.dailyetl.contract.audit.AuditView;
import io.dailyetl.warehouse.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The console's audit log: what people did in the console, written by the console, read by anyone who may read. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "What people did in the console, and how it went")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "503", description = "The database is not reachable; try again later")
public class AuditResource {

    private final AuditLog log;

    AuditResource(AuditLog log) {
        this.log = log;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(
            operationId = "writeAudit",
            summary = "Write a row of the console's audit log",
            description = "One action a person took in the console: STARTED before the console calls the service, "
                    + "then its outcome (OK, REFUSED, FAILED) in a row whose follows is the STARTED row's id. "
                    + "Rows are kept and never changed.")
    @APIResponse(
            responseCode = "201",
            description = "Written: the row as stored, with its id and time",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AuditView.class)))
    @APIResponse(
            responseCode = "400",
            description = "actor, role, action or outcome missing or invalid, target or detail too long, follows "
                    + "not a STARTED row of the same actor and action; errors names the field")
    @APIResponse(responseCode = "409", description = "The STARTED row named by follows has its outcome already")
    public Response write(AuditEntry entry) {
        return Response.status(201).entity(log.write(entry)).build();
    }

    @GET
    @RolesAllowed({Roles.READER, Roles.OPERATOR})
    @Operation(operationId = "listAudit", summary = "The console's audit log, newest first")
    @APIResponse(responseCode = "200", description = "The latest rows, newest first")
    @APIResponse(responseCode = "400", description = "limit outside 1-500")
    public List<AuditView> recent(@QueryParam("limit") @DefaultValue("50") int limit) {
        return log.recent(bounded(limit, "limit", 1, 500));
    }
}
