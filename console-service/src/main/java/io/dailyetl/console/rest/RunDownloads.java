package io.dailyetl.console.rest;

import io.dailyetl.console.login.ConsoleRoles;
import io.dailyetl.console.view.Rejects;
import io.dailyetl.console.view.RunPages;
import io.dailyetl.console.view.RunPages.RunDetail;
import io.dailyetl.warehouseclient.RejectPage;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * What a run's page fetches besides itself: all the rejects of its load as CSV, streamed a warehouse page at a time,
 * and its progress as JSON, which the page of a RUNNING run asks for every few seconds.
 */
@Path("/")
@RolesAllowed({ConsoleRoles.VIEWER, ConsoleRoles.OPERATOR})
public class RunDownloads {

    private final RunPages pages;
    private final Rejects rejects;
    private final SecurityIdentity identity;

    RunDownloads(RunPages pages, Rejects rejects, SecurityIdentity identity) {
        this.pages = pages;
        this.rejects = rejects;
        this.identity = identity;
    }

    @GET
    @Path("runs/{runId}/rejects.csv")
    public Response rejectsCsv(@PathParam("runId") String runId) {
        Optional<UUID> id = uuid(runId);
        Optional<RunDetail> run = id.flatMap(pages::run);
        if (run.isEmpty()) {
            return problem("No such run", "The warehouse knows no run " + runId + ". The runs page lists them.");
        }
        if (run.get().loadId().equals("-")) {
            return problem("No rejects to download", "The run has no load, so no rejects.");
        }
        UUID loadId = UUID.fromString(run.get().loadId());
        Optional<RejectPage> first = rejects.first(loadId);
        if (first.isEmpty()) {
            return problem(
                    "No rejects to download", "The warehouse knows no load " + loadId + " of this run any more.");
        }
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            rejects.csv(loadId, first.get(), writer);
            writer.flush();
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"run-" + id.get() + "-rejects.csv\"")
                .build();
    }

    @GET
    @Path("runs/{runId}/progress")
    public Response progress(@PathParam("runId") String runId) {
        return uuid(runId)
                .flatMap(pages::progress)
                .map(p -> Response.ok(p.json(), MediaType.APPLICATION_JSON_TYPE)
                        .header("Cache-Control", "no-store")
                        .build())
                .orElseGet(() -> Response.status(404)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity("{\"status\":\"UNKNOWN\"}")
                        .build());
    }

    private Response problem(String title, String detail) {
        return Response.status(404)
                .type(MediaType.TEXT_HTML_TYPE)
                .entity(ConsolePages.Templates.problem(identity.getPrincipal().getName(), title, detail))
                .build();
    }

    private static Optional<UUID> uuid(String runId) {
        try {
            return Optional.of(UUID.fromString(runId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
