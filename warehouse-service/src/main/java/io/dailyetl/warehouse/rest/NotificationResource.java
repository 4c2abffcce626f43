package io.dailyetl.warehouse.rest;

import static io.dailyetl.warehouse.rest.QueryParams.bounded;

import io.dailyetl.common.ProblemException;
import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.notifications.ClaimNotifications;
import io.dailyetl.contract.notifications.NotificationResult;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.warehouse.notify.Outbox;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The notification outbox (docs/notifications.md): report-service's sender claims the notifications due, sends them
 * and says how each channel went; an operator or a reader looks at what was told.
 */
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.READER, Roles.OPERATOR})
@Tag(name = "notifications", description = "What the pipeline tells people, recorded with the outcome that caused it")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "503", description = "The database is not reachable; try again later")
public class NotificationResource {

    private final Outbox outbox;

    NotificationResource(Outbox outbox) {
        this.outbox = outbox;
    }

    @POST
    @Path("/claim")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "claimNotifications",
            summary = "Claim the notifications due",
            description = "Up to limit (1-100, default 20) notifications due, oldest first: PENDING ones whose next "
                    + "attempt is due and SENDING ones whose claim lapsed. They are SENDING, claimed by sender for "
                    + "warehouse.notifications.lease (2 minutes); two senders never claim the same one.")
    @APIResponse(responseCode = "200", description = "The claimed notifications (empty: none due)")
    @APIResponse(responseCode = "400", description = "sender missing or invalid, or limit outside 1-100")
    public List<NotificationView> claim(ClaimNotifications request) {
        if (request == null) {
            throw ProblemException.invalid("sender", "required: send {\"sender\", \"limit\"}");
        }
        return outbox.claim(request.sender(), request.limit());
    }

    @POST
    @Path("/{id}/result")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "reportNotificationResult",
            summary = "Say how each channel of a claimed notification went",
            description = "SENT when every channel reported was sent (now or in an earlier attempt); otherwise "
                    + "PENDING again after a backoff, or GAVE_UP after the last attempt. A repeated result of the "
                    + "same sender is answered as stored.")
    @APIResponse(responseCode = "200", description = "The notification as stored now")
    @APIResponse(responseCode = "400", description = "sender or channels missing or invalid; errors names the field")
    @APIResponse(responseCode = "404", description = "No such notification (also for an id that is not a UUID)")
    @APIResponse(
            responseCode = "409",
            description = "Another sender's claim on it is alive, or it is not claimed by this sender")
    public NotificationView result(@PathParam("id") UUID id, NotificationResult request) {
        if (request == null) {
            throw ProblemException.invalid("sender", "required: send {\"sender\", \"channels\"}");
        }
        return outbox.result(id, request.sender(), request.channels());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getNotification", summary = "Get a notification")
    @APIResponse(responseCode = "200", description = "The notification")
    @APIResponse(responseCode = "404", description = "No such notification")
    public NotificationView get(@PathParam("id") UUID id) {
        return outbox.find(id);
    }

    @GET
    @Operation(
            operationId = "listNotifications",
            summary = "Recent notifications",
            description =
                    "Newest first; optionally only those of a status or a subject (source:<name>, " + "report:<name>).")
    @APIResponse(responseCode = "200", description = "The notifications, newest first")
    @APIResponse(responseCode = "400", description = "limit outside 1-500, or status not a notification status")
    public List<NotificationView> recent(
            @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("status") String status,
            @QueryParam("subject") String subject) {
        return outbox.recent(
                status == null || status.isBlank() ? null : status,
                subject == null || subject.isBlank() ? null : subject,
                bounded(limit, "limit", 1, 500));
    }
}
