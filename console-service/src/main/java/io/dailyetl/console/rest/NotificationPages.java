package io.dailyetl.console.rest;

import io.dailyetl.console.login.ConsoleRoles;
import io.dailyetl.console.view.Notifications;
import io.dailyetl.console.view.Notifications.NotificationRow;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The notifications page: what the warehouse's outbox holds, newest first. Every logged-in user may read it. */
@Path("/notifications")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ConsoleRoles.VIEWER, ConsoleRoles.OPERATOR})
public class NotificationPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance notifications(String user, List<NotificationRow> notifications);
    }

    private final Notifications notifications;
    private final SecurityIdentity identity;

    NotificationPages(Notifications notifications, SecurityIdentity identity) {
        this.notifications = notifications;
        this.identity = identity;
    }

    @GET
    public TemplateInstance notifications() {
        return Templates.notifications(identity.getPrincipal().getName(), notifications.latest());
    }
}
