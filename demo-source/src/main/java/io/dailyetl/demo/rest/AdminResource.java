package io.dailyetl.demo.rest;

import io.dailyetl.demo.fault.Faults;
import io.quarkus.logging.Log;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Changes the injected faults at runtime (for demos and tests; this source is never deployed to production). */
@Path("/admin/faults")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Injected faults")
public class AdminResource {

    private final Faults faults;

    AdminResource(Faults faults) {
        this.faults = faults;
    }

    /** Body of {@code PUT /admin/faults}: a field left out (or null) means no such fault. */
    public record FaultsRequest(Double errorRate, Double throttleRate, Long latencyMs, Integer failingPage) {}

    @GET
    @Operation(
            summary = "Faults in force",
            description = "{errorRate, throttleRate, latencyMs, failingPage} and, since "
                    + "they were set, pageRequests, injectedErrors, injectedThrottles.")
    public Faults.View get() {
        return faults.view();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replace the faults",
            description = "Body {errorRate, throttleRate, latencyMs, failingPage}; "
                    + "omitted fields mean none. Restarts the deterministic counting (with errorRate 0.5, the 2nd, 4th … page "
                    + "request after this call fails).")
    @APIResponse(responseCode = "200", description = "The faults now in force")
    @APIResponse(responseCode = "400", description = "A rate outside 0..1, a negative latency or a page < 1")
    public Faults.View put(FaultsRequest request) {
        Faults.Settings settings = settings(request);
        faults.change(settings);
        Log.infof(
                "faults now: errorRate %s, throttleRate %s, latency %d ms, failing page %s",
                settings.errorRate(), settings.throttleRate(), settings.latencyMs(), settings.failingPage());
        return faults.view();
    }

    /** The faults a request asks for; 400 for a missing body or a value out of range. */
    static Faults.Settings settings(FaultsRequest request) {
        if (request == null) {
            throw Problem.invalid("body", "expected {\"errorRate\",\"throttleRate\",\"latencyMs\",\"failingPage\"}");
        }
        Faults.Settings settings = new Faults.Settings(
                request.errorRate() == null ? 0 : request.errorRate(),
                request.throttleRate() == null ? 0 : request.throttleRate(),
                request.latencyMs() == null ? 0 : request.latencyMs(),
                request.failingPage());
        String problem = settings.problem();
        if (problem != null) {
            throw Problem.invalid("body", problem);
        }
        return settings;
    }
}
