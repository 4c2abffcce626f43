package io.dailyetl.demo.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** How much the page endpoints served: lets a test check that an incremental run fetched only what changed. */
@Path("/admin/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class StatsResource {

    private final PageStats stats;

    StatsResource(PageStats stats) {
        this.stats = stats;
    }

    @GET
    @Operation(
            summary = "Pages and records served",
            description = "{requests, records}: page requests of "
                    + "/api/transactions* answered 200 (every style; empty pages included, injected faults and 400s not) and the "
                    + "records in them, since start-up or the last reset.")
    public PageStats.View get() {
        return stats.view();
    }

    @POST
    @Path("/reset")
    @Operation(
            summary = "Start counting again",
            description = "Zeroes the counts; answers them, {requests: 0, records: 0}.")
    public PageStats.View reset() {
        stats.reset();
        return stats.view();
    }
}
