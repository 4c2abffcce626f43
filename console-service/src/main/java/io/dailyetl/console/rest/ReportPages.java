package io.dailyetl.console.rest;

import io.dailyetl.console.action.Actions;
import io.dailyetl.console.action.Form;
import io.dailyetl.console.client.ReportClient;
import io.dailyetl.console.client.ServiceRefused;
import io.dailyetl.console.login.ConsoleRoles;
import io.dailyetl.console.view.ActionRows;
import io.dailyetl.console.view.ActionRows.AuditRow;
import io.dailyetl.console.view.ActionRows.DeliveryRow;
import io.dailyetl.warehouseclient.AuditClient;
import io.dailyetl.warehouseclient.DeliveriesClient;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The weekly report (docs/console.md#actions-audit-and-reports): its deliveries as the warehouse recorded them, the
 * CSV of any week to download (from report-service, with the reader token), and for operators a form to send a
 * week, or send it again, confirmed first and audited.
 */
@Path("/reports")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ConsoleRoles.VIEWER, ConsoleRoles.OPERATOR})
public class ReportPages {

    /** How many deliveries the page shows. */
    static final int ROWS = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance reports(
                String user,
                boolean enabled,
                String today,
                List<DeliveryRow> deliveries,
                AuditRow entry,
                String error,
                String field,
                String end);
    }

    private final DeliveriesClient deliveries;
    private final ReportClient report;
    private final AuditClient audit;
    private final Actions actions;
    private final ActionRows rows;
    private final SecurityIdentity identity;

    ReportPages(
            DeliveriesClient deliveries,
            ReportClient report,
            AuditClient audit,
            Actions actions,
            ActionRows rows,
            SecurityIdentity identity) {
        this.deliveries = deliveries;
        this.report = report;
        this.audit = audit;
        this.actions = actions;
        this.rows = rows;
        this.identity = identity;
    }

    @GET
    public Response page(@QueryParam("entry") String entry) {
        AuditRow done = entry == null ? null : AuditPage.entry(rows.audit(audit.recent(AuditPage.ROWS)), entry);
        return Response.ok(page(done, null, null, "")).build();
    }

    /** The CSV of the week ending before {@code end}, as report-service serves it, for download. */
    @GET
    @Path("weekly.csv")
    @Produces({"text/csv", MediaType.TEXT_HTML})
    public Response csv(@QueryParam("end") String end) {
        LocalDate day;
        try {
            day = Form.weekEnd(end, rows.today().plusDays(1));
        } catch (Form.Invalid e) {
            return Response.status(400)
                    .type(MediaType.TEXT_HTML_TYPE)
                    .entity(page(null, e.getMessage(), e.field(), end))
                    .build();
        }
        try {
            byte[] csv = report.csv(day);
            return Response.ok(csv, "text/csv; charset=UTF-8")
                    .header(
                            "Content-Disposition",
                            "attachment; filename=weekly_summary_" + day.minusDays(7) + "_" + day.minusDays(1) + ".csv")
                    .build();
        } catch (ServiceRefused
                | jakarta.ws.rs.ProcessingException
                | org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException e) {
            Log.warnf("console: the weekly CSV could not be read from report-service: %s", e.getMessage());
            return Response.status(503)
                    .type(MediaType.TEXT_HTML_TYPE)
                    .entity(ConsolePages.Templates.problem(
                            user(),
                            "report-service is not answering",
                            "The CSV could not be read from report-service just now ("
                                    + Actions.readable("report-service", e) + "). Try again in a moment."))
                    .build();
        }
    }

    @POST
    @Path("send/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(ConsoleRoles.OPERATOR)
    public Response confirmSend(@RestForm String end, @RestForm String force) {
        if (!actions.enabled()) {
            return ActionPages.readOnly();
        }
        boolean again = force != null && !force.isBlank();
        LocalDate day;
        try {
            day = Form.weekEnd(end, rows.today());
        } catch (Form.Invalid e) {
            return invalid(e, end);
        }
        return Response.ok(ActionPages.Templates.confirm(
                        user(),
                        "Confirm: " + (again ? "resend-report" : "send-report"),
                        (again ? "Send again" : "Send") + " the weekly report of " + day.minusDays(7) + " to "
                                + day.minusDays(1) + " to its recipients?"
                                + (again ? " It was mailed before; they get it once more." : ""),
                        "/reports/send",
                        List.of(
                                new ActionPages.Field("end", day.toString()),
                                new ActionPages.Field("force", again ? "true" : "")),
                        again ? "Send it again" : "Send it"))
                .build();
    }

    @POST
    @Path("send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(ConsoleRoles.OPERATOR)
    public Response send(@RestForm String end, @RestForm String force) {
        if (!actions.enabled()) {
            return ActionPages.readOnly();
        }
        LocalDate day;
        try {
            day = Form.weekEnd(end, rows.today());
        } catch (Form.Invalid e) {
            return invalid(e, end);
        }
        boolean again = force != null && !force.isBlank();
        return ActionPages.afterwards(actions.sendReport(user(), ConsoleRoles.OPERATOR, day, again), "/reports");
    }

    private Response invalid(Form.Invalid e, String end) {
        return Response.status(400)
                .entity(page(null, e.getMessage(), e.field(), end))
                .build();
    }

    private TemplateInstance page(AuditRow entry, String error, String field, String end) {
        return Templates.reports(
                user(),
                actions.enabled(),
                rows.today().toString(),
                rows.deliveries(deliveries.history("weekly", ROWS)),
                entry,
                error,
                field,
                end == null ? "" : end);
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
