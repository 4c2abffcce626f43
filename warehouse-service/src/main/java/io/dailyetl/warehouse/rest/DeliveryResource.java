package io.dailyetl.warehouse.rest;

import static io.dailyetl.warehouse.rest.QueryParams.bounded;

import io.dailyetl.common.ProblemException;
import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.ProblemType;
import io.dailyetl.contract.deliveries.ClaimDelivery;
import io.dailyetl.contract.deliveries.DeliveryFailed;
import io.dailyetl.contract.deliveries.DeliverySent;
import io.dailyetl.warehouse.report.DeliveryLedger;
import io.dailyetl.warehouse.report.DeliveryView;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** report-service's durable sent-record: claim a window before emailing it, then say SENT or FAILED. */
@Path("/api/report-deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.READER, Roles.OPERATOR})
@Tag(name = "report deliveries", description = "What report-service emailed, so each window is sent once")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "503", description = "The database is not reachable; try again later")
public class DeliveryResource {

    private final DeliveryLedger ledger;
    private final SecurityIdentity identity;

    DeliveryResource(DeliveryLedger ledger, SecurityIdentity identity) {
        this.ledger = ledger;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "claimDelivery",
            summary = "Claim a report window for sending",
            description = "Before emailing the report for [from, to). "
                    + "Only one claim per report and window can be SENDING or SENT; a claim whose sender went silent for "
                    + "warehouse.delivery.lease (10 minutes, by the database's clock) lapses and is taken over. With force, an "
                    + "earlier SENT delivery is superseded and the window sent again.")
    @APIResponse(
            responseCode = "201",
            description = "Claimed: {deliveryId, status: SENDING, ...}; Location names the delivery",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(
            responseCode = "400",
            description = "report, from, to or recipients missing or invalid; errors names the field")
    @APIResponse(
            responseCode = "403",
            description = "type urn:daily-etl:forbidden: force without the operator role (errors names force); "
                    + "or the bearer token is not one of this service's tokens, or its role may not claim")
    @APIResponse(
            responseCode = "409",
            description = "type urn:daily-etl:already-sent: SENT (without force); "
                    + "type urn:daily-etl:being-sent: another claim is SENDING and its lease alive")
    public Response claim(ClaimDelivery request) {
        if (request == null) {
            throw ProblemException.invalid("report", "required: send {\"report\",\"from\",\"to\",\"recipients\"}");
        }
        boolean force = Boolean.TRUE.equals(request.force());
        if (force && !identity.hasRole(Roles.OPERATOR)) {
            Log.warnf(
                    "security: refused a forced resend to a %s token",
                    identity.getPrincipal().getName());
            throw new ProblemException(
                    ProblemType.FORBIDDEN,
                    "force: only an operator token may resend a window that was already sent",
                    List.of(new ProblemException.FieldError("force", "needs the operator role")));
        }
        DeliveryView view = ledger.claim(request.report(), request.from(), request.to(), request.recipients(), force);
        return Response.created(URI.create("/api/report-deliveries/" + view.deliveryId()))
                .entity(view)
                .build();
    }

    @POST
    @Path("/{id}/sent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "markDeliverySent",
            summary = "Mark a claimed delivery SENT",
            description =
                    "With the number of users and the total it carried, and the Message-ID its mail went out with "
                            + "(optional; at most 998 characters, no control characters).")
    @APIResponse(responseCode = "200", description = "The delivery, SENT")
    @APIResponse(responseCode = "400", description = "messageId too long or with a control character")
    @APIResponse(responseCode = "404", description = "No such delivery (also for an id that is not a UUID)")
    @APIResponse(responseCode = "409", description = "The delivery is not SENDING")
    public DeliveryView sent(@PathParam("id") UUID id, DeliverySent request) {
        String messageId = request == null ? null : request.messageId();
        if (messageId != null && (messageId.length() > 998 || messageId.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.invalid(
                    "messageId", "a mail header's value: at most 998 characters, no control characters");
        }
        return ledger.sent(
                id, request == null ? null : request.users(), request == null ? null : request.total(), messageId);
    }

    @POST
    @Path("/{id}/failed")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "markDeliveryFailed",
            summary = "Mark a claimed delivery FAILED",
            description = "Releases the window for another attempt.")
    @APIResponse(responseCode = "200", description = "The delivery, FAILED")
    @APIResponse(responseCode = "404", description = "No such delivery (also for an id that is not a UUID)")
    @APIResponse(responseCode = "409", description = "The delivery is not SENDING")
    public DeliveryView failed(@PathParam("id") UUID id, DeliveryFailed request) {
        return ledger.failed(id, request == null ? null : request.error());
    }

    @GET
    @Operation(operationId = "listDeliveries", summary = "Recent deliveries of a report", description = "Newest first.")
    @APIResponse(responseCode = "200", description = "The deliveries, newest first")
    @APIResponse(responseCode = "400", description = "limit outside 1-500")
    public List<DeliveryView> recent(
            @QueryParam("report") @DefaultValue("weekly") String report,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        return ledger.recent(report, bounded(limit, "limit", 1, 500));
    }
}
