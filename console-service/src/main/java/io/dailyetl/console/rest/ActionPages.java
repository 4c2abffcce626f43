package io.dailyetl.console.rest;

import io.dailyetl.console.action.Actions;
import io.dailyetl.console.action.Actions.Outcome;
import io.dailyetl.console.action.Actions.RunKind;
import io.dailyetl.console.action.Form;
import io.dailyetl.console.client.IngestSchedule;
import io.dailyetl.console.login.ConsoleRoles;
import io.dailyetl.console.view.ActionRows;
import io.dailyetl.console.view.ActionRows.LoadRow;
import io.dailyetl.contract.runs.ScheduleView;
import io.dailyetl.warehouseclient.RunsClient;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The operator's actions (docs/console.md#actions-audit-and-reports): start a run now, a full pull or a backfill of a
 * window, and abort an OPEN load. Each is a POST form with a CSRF token, confirmed on a page of its own before
 * anything is called; after it, the browser is sent (303) to what happened: the new run, or its row of the audit log.
 * Operators only; without {@code CONSOLE_OPERATOR_TOKEN} the page says the console is read-only.
 */
@Path("/actions")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(ConsoleRoles.OPERATOR)
public class ActionPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance actions(
                String user,
                boolean enabled,
                String today,
                List<LoadRow> loads,
                String loadsTrouble,
                String error,
                String field,
                String kind,
                String from,
                String to,
                String backfill);

        static native TemplateInstance confirm(
                String user, String title, String question, String action, List<Field> fields, String button);

        static native TemplateInstance starting(String user, String runId);
    }

    /** A hidden field of a confirmation form. */
    public record Field(String name, String value) {}

    private final Actions actions;
    private final ActionRows rows;
    private final RunsClient runs;
    private final SecurityIdentity identity;
    private final IngestSchedule schedule;

    ActionPages(Actions actions, ActionRows rows, RunsClient runs, SecurityIdentity identity, IngestSchedule schedule) {
        this.actions = actions;
        this.rows = rows;
        this.runs = runs;
        this.identity = identity;
        this.schedule = schedule;
    }

    @GET
    public Response page() {
        return Response.ok(page(null, null, "NOW", "", "")).build();
    }

    @POST
    @Path("run/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirmRun(@RestForm String kind, @RestForm String from, @RestForm String to) {
        if (!actions.enabled()) {
            return readOnly();
        }
        RunKind k = RunKind.NOW;
        try {
            k = Form.kind(kind);
            Form.Window w = k == RunKind.BACKFILL ? Form.window(from, to, rows.today()) : null;
            String question = switch (k) {
                case NOW -> "Start a run of ingest now?";
                case FULL -> "Start a full pull now? It reads everything the source has, whatever the watermark.";
                case BACKFILL ->
                    "Backfill the changes from " + w.from() + " "
                            + (w.to() == null ? "up to now" : "to before " + w.to()) + "?";
            };
            return Response.ok(Templates.confirm(
                            user(),
                            "Confirm: " + k.action(),
                            question,
                            "/actions/run",
                            List.of(
                                    new Field("kind", k.name()),
                                    new Field("from", w == null ? "" : w.from().toString()),
                                    new Field("to", w == null || w.to() == null ? "" : w.to().toString())),
                            "Start the run"))
                    .build();
        } catch (Form.Invalid e) {
            return invalid(e, k, from, to);
        }
    }

    @POST
    @Path("run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response run(@RestForm String kind, @RestForm String from, @RestForm String to) {
        if (!actions.enabled()) {
            return readOnly();
        }
        RunKind k = RunKind.NOW;
        Form.Window w;
        try {
            k = Form.kind(kind);
            w = k == RunKind.BACKFILL ? Form.window(from, to, rows.today()) : new Form.Window(null, null);
        } catch (Form.Invalid e) {
            return invalid(e, k, from, to);
        }
        Outcome outcome = actions.startRun(user(), ConsoleRoles.OPERATOR, k, w.from(), w.to());
        if (outcome.ok() && outcome.runId() != null) {
            return seeOther("/actions/runs/" + outcome.runId());
        }
        return afterwards(outcome, "/audit");
    }

    /** Where "run now" sends the browser: the run's page once the warehouse knows the run, until then a wait. */
    @GET
    @Path("runs/{runId}")
    public Response started(@PathParam("runId") String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            return Response.status(404)
                    .entity(ConsolePages.Templates.problem(user(), "No such run", "Not a run id: " + runId))
                    .build();
        }
        if (runs.find(id).isPresent()) {
            return seeOther("/runs/" + id);
        }
        return Response.ok(Templates.starting(user(), id.toString())).build();
    }

    @POST
    @Path("abort/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirmAbort(@RestForm String loadId) {
        if (!actions.enabled()) {
            return readOnly();
        }
        UUID id = loadId(loadId);
        if (id == null) {
            return invalid(new FieldError("loadId", "not a load id: '" + loadId + "'"));
        }
        return Response.ok(Templates.confirm(
                        user(),
                        "Confirm: abort-load",
                        "Abort load " + id + "? Its staged batches are discarded; the run that opened it fails.",
                        "/actions/abort",
                        List.of(new Field("loadId", id.toString())),
                        "Abort the load"))
                .build();
    }

    @POST
    @Path("abort")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response abort(@RestForm String loadId) {
        if (!actions.enabled()) {
            return readOnly();
        }
        UUID id = loadId(loadId);
        if (id == null) {
            return invalid(new FieldError("loadId", "not a load id: '" + loadId + "'"));
        }
        return afterwards(actions.abortLoad(user(), ConsoleRoles.OPERATOR, id), "/audit");
    }

    /** Sends the browser to {@code page}, which shows the audit row of what happened. */
    static Response afterwards(Outcome outcome, String page) {
        if (!outcome.called()) {
            return Response.status(503)
                    .entity(ConsolePages.Templates.problem(
                            "",
                            "Not done: the audit log cannot be written",
                            "Nothing was called: an action is written to the audit log before it is done, and the "
                                    + "audit log could not be written: " + outcome.auditError()
                                    + ". Try again once the warehouse answers."))
                    .build();
        }
        if (outcome.audited() == null) {
            // the action happened, but its outcome is not in the audit log (its STARTED row is): say both, here
            return Response.status(outcome.ok() ? 200 : 502)
                    .entity(ConsolePages.Templates.problem(
                            "",
                            "Done, but not in the audit log",
                            "Outcome " + outcome.outcome() + ": " + outcome.detail()
                                    + ". The audit log could not be written: " + outcome.auditError()))
                    .build();
        }
        return seeOther(page + "?entry=" + outcome.audited().id());
    }

    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    static Response readOnly() {
        return Response.status(409)
                .entity(ConsolePages.Templates.problem(
                        "",
                        "The console is read-only",
                        "It has no operator token (CONSOLE_OPERATOR_TOKEN), so it cannot act. Nothing was done."))
                .build();
    }

    private TemplateInstance page(String error, String field, String kind, String from, String to) {
        List<LoadRow> open = List.of();
        String trouble = null;
        if (actions.enabled()) {
            try {
                open = rows.openLoads(actions.recentLoads());
            } catch (RuntimeException e) {
                Log.warnf("console: the open loads could not be read: %s", e.getMessage());
                trouble = "The warehouse's loads could not be read just now: " + Actions.readable("the warehouse", e);
            }
        }
        return Templates.actions(
                user(),
                actions.enabled(),
                rows.today().toString(),
                open,
                trouble,
                error,
                field,
                kind,
                from == null ? "" : from,
                to == null ? "" : to,
                // what ingest says a backfill may ask; unknown (ingest silent) offers the whole form
                actions.enabled()
                        ? schedule.schedule().map(ScheduleView::backfill).orElse(ScheduleView.BACKFILL_WINDOW)
                        : ScheduleView.BACKFILL_WINDOW);
    }

    private record FieldError(String field, String message) {}

    private Response invalid(Form.Invalid e, RunKind kind, String from, String to) {
        return Response.status(400)
                .entity(page(e.getMessage(), e.field(), kind.name(), from, to))
                .build();
    }

    private Response invalid(FieldError e) {
        return Response.status(400)
                .entity(page(e.field() + ": " + e.message(), e.field(), "NOW", "", ""))
                .build();
    }

    private static UUID loadId(String value) {
        try {
            return value == null ? null : UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
