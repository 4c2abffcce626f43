package io.dailyetl.demo.rest;

import io.dailyetl.demo.data.SourceData;
import io.dailyetl.demo.data.World;
import io.quarkus.logging.Log;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The simulated days of {@code demo.world=changing}: which day it is, and the next one. */
@Path("/admin/world")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class WorldResource {

    private final SourceData data;

    WorldResource(SourceData data) {
        this.data = data;
    }

    @GET
    @Operation(
            summary = "The current day",
            description = "{day, date, created, updated, records}: day 0 is the "
                    + "generated data (dated the day before demo.changing.start-day, created and updated 0); records is what a "
                    + "full pull serves now.")
    @APIResponse(responseCode = "200", description = "The current day")
    @APIResponse(responseCode = "409", description = "The world is static (demo.world=static)")
    public World.Summary get() {
        return world().today().summary();
    }

    @POST
    @Path("/advance")
    @Operation(
            summary = "Simulate the next day",
            description = "Creates demo.changing.new-per-day records with new ids "
                    + "and changes demo.changing.updates-per-day existing ones, all updated within the new day; answers the new "
                    + "day like GET /admin/world.")
    @APIResponse(responseCode = "200", description = "The new day")
    @APIResponse(responseCode = "409", description = "The world is static (demo.world=static)")
    public World.Summary advance() {
        World.Summary day = world().advance().summary();
        Log.infof(
                "demo world: day %d (%s): %d created, %d updated, %d records",
                day.day(), day.date(), day.created(), day.updated(), day.records());
        return day;
    }

    private World world() {
        if (data.world() == null) {
            throw new WebApplicationException(Problem.builder(
                            409,
                            "Conflict",
                            "the world is static: its records never "
                                    + "change; start demo-source with demo.world=changing (DEMO_WORLD=changing) for simulated days")
                    .build());
        }
        return data.world();
    }
}
