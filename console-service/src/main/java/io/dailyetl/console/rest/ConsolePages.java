package io.dailyetl.console.rest;

import io.dailyetl.console.login.ConsoleRoles;
import io.dailyetl.console.view.RunPages;
import io.dailyetl.console.view.RunPages.RunDetail;
import io.dailyetl.console.view.RunPages.RunRow;
import io.dailyetl.contract.runs.RunStatus;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The console's pages: the overview, the list of runs and a run. Every logged-in user may read them. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ConsoleRoles.VIEWER, ConsoleRoles.OPERATOR})
public class ConsolePages {

    /** The statuses the runs page filters by. */
    static final List<String> STATUSES =
            Arrays.stream(RunStatus.values()).map(Enum::name).toList();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(String user, List<RunRow> sources);

        static native TemplateInstance runs(
                String user, List<RunRow> runs, String source, String status, List<String> statuses);

        static native TemplateInstance run(String user, RunDetail run);

        static native TemplateInstance problem(String user, String title, String detail);
    }

    private final RunPages pages;
    private final SecurityIdentity identity;

    ConsolePages(RunPages pages, SecurityIdentity identity) {
        this.pages = pages;
        this.identity = identity;
    }

    @GET
    public TemplateInstance overview() {
        return Templates.overview(user(), pages.lastRunPerSource());
    }

    @GET
    @Path("runs")
    public Response runs(@QueryParam("source") String source, @QueryParam("status") String status) {
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
        return Response.ok(Templates.runs(user(), pages.recent(shown, filter), shown, wanted, STATUSES))
                .build();
    }

    @GET
    @Path("runs/{runId}")
    public Response run(@PathParam("runId") String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            return notFound(runId);
        }
        return pages.run(id)
                .map(r -> Response.ok(Templates.run(user(), r)).build())
                .orElseGet(() -> notFound(runId));
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
