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
import io.dailyetl.contract.runs.SourceView;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
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
                Picks picks);

        static native TemplateInstance confirm(
                String user, String title, String question, String action, List<Field> fields, String button);

        static native TemplateInstance starting(String user, String runId);
    }

    /** A hidden field of a confirmation form. */
    public record Field(String name, String value) {}

    /**
     * A source the operator may pick: its name, its backfill ({@code off}, {@code from}, {@code window}, or
     * {@code unknown} when ingest did not say), whether it is picked.
     */
    public record SourceOption(String name, String backfill, boolean selected) {

        /** How a backfill of it reads in its option. */
        public String backfillText() {
            return switch (backfill) {
                case ScheduleView.BACKFILL_FROM -> name + " (from a day up to now)";
                case ScheduleView.BACKFILL_WINDOW -> name + " (a window of days)";
                default -> name;
            };
        }
    }

    /**
     * The sources the actions' forms offer, from ingest's {@code GET /api/sources}: {@code all} for a run or a full
     * pull, {@code backfills} those a backfill may ask for (incremental), {@code off} the names of those that take no
     * backfill and {@code fromOnly} of those that take no upper bound (comma-separated, empty when none); {@code trouble}
     * why ingest's sources could not be read (null when they were: then a source is typed, or left empty for ingest's
     * only one). {@code backfill} is what the backfill form offers: {@code off} (no source takes one), {@code from}
     * (none takes an upper bound) or {@code window}.
     */
    public record Picks(
            List<SourceOption> all,
            List<SourceOption> backfills,
            String off,
            String fromOnly,
            String backfill,
            String trouble,
            String typed) {

        /** Whether the operator has more than one source to choose from (the select then starts on "choose"). */
        public boolean several() {
            return all.size() > 1;
        }
    }

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

    /** The actions; {@code source} picks that source in the forms (one source is picked anyway). */
    @GET
    public Response page(@QueryParam("source") String source) {
        return Response.ok(page(null, null, "NOW", "", "", source)).build();
    }

    @POST
    @Path("run/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirmRun(
            @RestForm String kind, @RestForm String source, @RestForm String from, @RestForm String to) {
        if (!actions.enabled()) {
            return readOnly();
        }
        RunKind k = RunKind.NOW;
        try {
            k = Form.kind(kind);
            String name = Form.source(source);
            Form.Window w = k == RunKind.BACKFILL ? Form.window(from, to, rows.today()) : null;
            name = known(name);
            if (k == RunKind.BACKFILL) {
                backfillAllowed(name, w);
            }
            String of = name == null ? "ingest's source" : name;
            String question = switch (k) {
                case NOW -> "Start a run of " + of + " now?";
                case FULL ->
                    "Start a full pull of " + of + " now? It reads everything the source has, whatever the watermark.";
                case BACKFILL ->
                    "Backfill the changes of " + of + " from " + w.from() + " "
                            + (w.to() == null ? "up to now" : "to before " + w.to()) + "?";
            };
            return Response.ok(Templates.confirm(
                            user(),
                            "Confirm: " + k.action(),
                            question,
                            "/actions/run",
                            List.of(
                                    new Field("kind", k.name()),
                                    new Field("source", name == null ? "" : name),
                                    new Field("from", w == null ? "" : w.from().toString()),
                                    new Field("to", w == null || w.to() == null ? "" : w.to().toString())),
                            "Start the run"))
                    .build();
        } catch (Form.Invalid e) {
            return invalid(e, k, source, from, to);
        }
    }

    /**
     * Starts the confirmed run. The source is sent as the form names it: ingest says whether it has it, and a refusal
     * is audited with ingest's own words.
     */
    @POST
    @Path("run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response run(@RestForm String kind, @RestForm String source, @RestForm String from, @RestForm String to) {
        if (!actions.enabled()) {
            return readOnly();
        }
        RunKind k = RunKind.NOW;
        Form.Window w;
        String name;
        try {
            k = Form.kind(kind);
            name = Form.source(source);
            w = k == RunKind.BACKFILL ? Form.window(from, to, rows.today()) : new Form.Window(null, null);
        } catch (Form.Invalid e) {
            return invalid(e, k, source, from, to);
        }
        Outcome outcome = actions.startRun(user(), ConsoleRoles.OPERATOR, name, k, w.from(), w.to());
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

    /**
     * {@code name} checked against ingest's sources, when they can be read: one ingest has (else {@code source} is at
     * fault, naming the ones it has), or, when the form names none, ingest's only one (with several, one must be
     * chosen). Unread, the name goes as it is and ingest judges it.
     */
    private String known(String name) {
        IngestSchedule.Sources sources = schedule.sources();
        if (!sources.known()) {
            return name;
        }
        String names = String.join(
                ", ", sources.sources().stream().map(SourceView::name).toList());
        if (name == null) {
            if (sources.sources().size() > 1) {
                throw new Form.Invalid("source", "required: choose one of ingest's sources (" + names + ")");
            }
            return sources.sources().isEmpty() ? null : sources.sources().get(0).name();
        }
        if (sources.named(name).isEmpty()) {
            throw new Form.Invalid("source", "not a source of ingest: '" + name + "' (its sources: " + names + ")");
        }
        return name;
    }

    /** A backfill of {@code source} as its schedule at ingest allows it ({@code GET /api/schedule?source=}). */
    private void backfillAllowed(String source, Form.Window w) {
        Optional<ScheduleView> s = schedule.schedule(source);
        if (s.isEmpty()) {
            return; // ingest silent: it judges the backfill itself
        }
        String of = source == null ? "ingest's source" : source;
        if (ScheduleView.BACKFILL_OFF.equals(s.get().backfill())) {
            throw new Form.Invalid(
                    "source",
                    of + " takes no backfill: its incremental mode is off, so every run "
                            + "pulls everything it has. Start a run or a full pull of it instead");
        }
        if (ScheduleView.BACKFILL_FROM.equals(s.get().backfill()) && w.to() != null) {
            throw new Form.Invalid("to", of + " takes no upper bound: leave it empty, a backfill of it runs up to now");
        }
    }

    /** The sources the forms offer, {@code picked} picked (the only one is picked anyway). */
    private Picks picks(String picked) {
        IngestSchedule.Sources sources = schedule.sources();
        String typed = picked == null ? "" : picked.trim();
        if (!sources.known()) {
            return new Picks(List.of(), List.of(), "", "", ScheduleView.BACKFILL_WINDOW, sources.problem(), typed);
        }
        boolean one = sources.sources().size() == 1;
        List<SourceOption> all = sources.sources().stream()
                .map(v -> new SourceOption(
                        v.name(),
                        v.schedule() == null || v.schedule().backfill() == null
                                ? "unknown"
                                : v.schedule().backfill(),
                        one || v.name().equals(typed)))
                .toList();
        List<SourceOption> backfills = all.stream()
                .filter(o -> !ScheduleView.BACKFILL_OFF.equals(o.backfill()))
                .toList();
        String off = names(all, ScheduleView.BACKFILL_OFF);
        String fromOnly = names(all, ScheduleView.BACKFILL_FROM);
        String backfill = backfills.isEmpty()
                ? ScheduleView.BACKFILL_OFF
                : backfills.stream().allMatch(o -> ScheduleView.BACKFILL_FROM.equals(o.backfill()))
                        ? ScheduleView.BACKFILL_FROM
                        : ScheduleView.BACKFILL_WINDOW;
        return new Picks(all, backfills, off, fromOnly, backfill, null, typed);
    }

    private static String names(List<SourceOption> options, String backfill) {
        return String.join(
                ", ",
                options.stream()
                        .filter(o -> backfill.equals(o.backfill()))
                        .map(SourceOption::name)
                        .toList());
    }

    private TemplateInstance page(String error, String field, String kind, String from, String to, String source) {
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
                // what ingest says each source may be asked; unknown (ingest silent) offers a typed source and the
                // whole backfill form
                actions.enabled()
                        ? picks(source)
                        : new Picks(List.of(), List.of(), "", "", ScheduleView.BACKFILL_WINDOW, null, ""));
    }

    private record FieldError(String field, String message) {}

    private Response invalid(Form.Invalid e, RunKind kind, String source, String from, String to) {
        return Response.status(400)
                .entity(page(e.getMessage(), e.field(), kind.name(), from, to, source))
                .build();
    }

    private Response invalid(FieldError e) {
        return Response.status(400)
                .entity(page(e.field() + ": " + e.message(), e.field(), "NOW", "", "", null))
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
