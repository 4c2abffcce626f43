package io.dailyetl.console.rest;

import io.dailyetl.console.login.ConsoleRoles;
import io.dailyetl.console.view.ActionRows;
import io.dailyetl.console.view.ActionRows.AuditRow;
import io.dailyetl.warehouseclient.AuditClient;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The audit log (docs/console.md#actions-audit-and-reports): every action taken in the console, newest first, read
 * from the warehouse with the reader token; any logged-in person may read it. {@code ?entry=<id>} marks the row of
 * the action just taken, shown first as what happened.
 */
@Path("/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ConsoleRoles.VIEWER, ConsoleRoles.OPERATOR})
public class AuditPage {

    /** How many rows the page shows. */
    static final int ROWS = 200;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(String user, List<AuditRow> rows, AuditRow entry);
    }

    private final AuditClient audit;
    private final ActionRows rows;
    private final SecurityIdentity identity;

    AuditPage(AuditClient audit, ActionRows rows, SecurityIdentity identity) {
        this.audit = audit;
        this.rows = rows;
        this.identity = identity;
    }

    @GET
    public TemplateInstance page(@QueryParam("entry") String entry) {
        List<AuditRow> all = rows.audit(audit.recent(ROWS));
        return Templates.audit(identity.getPrincipal().getName(), all, entry(all, entry));
    }

    /** The row {@code id} among {@code rows}, or null. */
    static AuditRow entry(List<AuditRow> rows, String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return rows.stream().filter(r -> r.id().equals(id.trim())).findFirst().orElse(null);
    }
}
