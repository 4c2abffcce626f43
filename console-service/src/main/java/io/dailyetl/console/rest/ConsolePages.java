package io.dailyetl.console.rest;

import io.dailyetl.console.config.ConsoleConfig;
import io.dailyetl.console.login.ConsoleRoles;
import io.dailyetl.console.view.Overview;
import io.dailyetl.console.view.Overview.SourceRow;
import io.dailyetl.console.view.Rejects;
import io.dailyetl.console.view.Rejects.RejectRows;
import io.dailyetl.console.view.RunPages;
import io.dailyetl.console.view.RunPages.RunDetail;
import io.dailyetl.console.view.RunPages.RunsPage;
import io.dailyetl.contract.runs.RunStatus;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The console's pages: the overview, the list of runs (filtered and paged) and a run with a page of its rejects.
 * Every logged-in user may read them.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ConsoleRoles.VIEWER, ConsoleRoles.OPERATOR})
public class ConsolePages {

    /** The statuses the runs page filters by. */
    static final List<String> STATUSES =
            Arrays.stream(RunStatus.values()).map(Enum::name).toList();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(String user, List<SourceRow> sources, Overview.IngestSources ingest);

        static native TemplateInstance runs(
                String user,
                RunsPage runs,
                String source,
                String status,
                String from,
                String to,
                List<String> statuses,
                String previous,
                String next);

        static native TemplateInstance run(
                String user,
                RunDetail run,
                RejectRows rejects,
                String rejectsProblem,
                String rejectsPrevious,
                String rejectsNext,
                int progressInterval);

        static native TemplateInstance problem(String user, String title, String detail);
    }

    private final RunPages pages;
    private final Overview overview;
    private final Rejects rejects;
    private final SecurityIdentity identity;
    private final int progressInterval;

    ConsolePages(RunPages pages, Overview overview, Rejects rejects, SecurityIdentity identity, ConsoleConfig config) {
        this.pages = pages;
        this.overview = overview;
        this.rejects = rejects;
        this.identity = identity;
        this.progressInterval = Math.max(500, Math.min(60_000, config.progressIntervalMs()));
    }

    @GET
    public TemplateInstance overview() {
        Overview.Page page = overview.page();
        return Templates.overview(user(), page.sources(), page.ingest());
    }

    @GET
    @Path("runs")
    public Response runs(
            @QueryParam("source") String source,
            @QueryParam("status") String status,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") String page) {
        String wanted = status == null ? "" : status.trim().toUpperCase(Locale.ROOT);
        if (!wanted.isEmpty() && !STATUSES.contains(wanted)) {
            return Response.status(400)
                    .entity(Templates.problem(
                            user(),
                            "Invalid filter",
                            "status: must be one of " + String.join(", ", STATUSES) + " (or empty for any), not '"
                                    + status + "'"))
                    .build();
        }
        RunStatus filter = wanted.isEmpty() ? null : RunStatus.valueOf(wanted);
        String shown = source == null ? "" : source.trim();
        LocalDate since;
        LocalDate until;
        int number;
        try {
            since = date(from, "from");
            until = date(to, "to");
            number = pageNumber(page, "page");
        } catch (InvalidFilter e) {
            return invalid(e.getMessage());
        }
        if (since != null && until != null && until.isBefore(since)) {
            return invalid("to: must not be before from (" + since + ")");
        }
        String fromText = since == null ? "" : since.toString();
        String toText = until == null ? "" : until.toString();
        RunsPage found = pages.page(shown, filter, since, until, number);
        return Response.ok(Templates.runs(
                        user(),
                        found,
                        shown,
                        wanted,
                        fromText,
                        toText,
                        STATUSES,
                        found.hasPrevious() ? runsHref(shown, wanted, fromText, toText, number - 1) : "",
                        found.hasNext() ? runsHref(shown, wanted, fromText, toText, number + 1) : ""))
                .build();
    }

    private static String runsHref(String source, String status, String from, String to, int page) {
        StringBuilder q = new StringBuilder("/runs?");
        for (String[] p : new String[][] {
            {"source", source}, {"status", status}, {"from", from}, {"to", to}, {"page", Integer.toString(page)}
        }) {
            if (!p[1].isEmpty()) {
                q.append(p[0])
                        .append('=')
                        .append(URLEncoder.encode(p[1], StandardCharsets.UTF_8))
                        .append('&');
            }
        }
        return q.substring(0, q.length() - 1);
    }

    private Response invalid(String detail) {
        return Response.status(400)
                .entity(Templates.problem(user(), "Invalid filter", detail))
                .build();
    }

    /** A day such as {@code 2026-11-20}, as an {@code <input type=date>} sends it; blank: none. */
    static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidFilter(field + ": must be a date such as 2026-11-20, not '" + value + "'");
        }
    }

    /** A page number from 1; blank: 1. */
    static int pageNumber(String value, String field) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 100_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new InvalidFilter(field + ": must be a page number from 1, not '" + value + "'");
    }

    /** A filter or page parameter that is not one; its message names the parameter. */
    static final class InvalidFilter extends RuntimeException {
        InvalidFilter(String message) {
            super(message, null, false, false);
        }
    }

    @GET
    @Path("runs/{runId}")
    public Response run(@PathParam("runId") String runId, @QueryParam("rejects") String rejectsPage) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            return notFound(runId);
        }
        int number;
        try {
            number = pageNumber(rejectsPage, "rejects");
        } catch (InvalidFilter e) {
            return invalid(e.getMessage());
        }
        Optional<RunDetail> run = pages.run(id);
        if (run.isEmpty()) {
            return notFound(runId);
        }
        RejectRows shown = null;
        String rejectsProblem = "";
        if (!run.get().loadId().equals("-")) {
            try {
                shown = rejects.page(UUID.fromString(run.get().loadId()), number)
                        .orElse(null);
            } catch (RuntimeException e) {
                // the rest of the run's page still shows; the rejects' section says they could not be read
                Log.warnf(
                        "console: the rejects of run %s could not be read from the warehouse: %s", id, e.getMessage());
                rejectsProblem = "The rejects could not be read from the warehouse just now. Try again in a moment.";
            }
        }
        String base = "/runs/" + id + "?rejects=";
        return Response.ok(Templates.run(
                        user(),
                        run.get(),
                        shown,
                        rejectsProblem,
                        shown != null && shown.hasPrevious() ? base + (number - 1) + "#rejects" : "",
                        shown != null && shown.hasNext() ? base + (number + 1) + "#rejects" : "",
                        progressInterval))
                .build();
    }

    private Response notFound(String runId) {
        return Response.status(404)
                .entity(Templates.problem(
                        user(), "No such run", "The warehouse knows no run " + runId + ". The runs page lists them."))
                .build();
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
