package io.dailyetl.demo.rest;

import io.dailyetl.demo.fault.Faults;
import io.dailyetl.demo.provider.Provider;
import io.dailyetl.demo.provider.Providers;
import io.quarkus.logging.Log;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One provider's faults, counters and tokens, changed at runtime like {@code /admin/faults} for the single source. */
@Path("/admin/providers/{provider}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class ProviderAdminResource {

    private final Providers providers;
    private final ProviderPages pages;

    ProviderAdminResource(Providers providers, ProviderPages pages) {
        this.providers = providers;
        this.pages = pages;
    }

    /** What {@code GET /admin/providers/<name>/stats} answers. */
    public record ProviderStats(long requests, long records, long tokensIssued, long expiredTokensRefused) {}

    @GET
    @Path("/faults")
    @Operation(summary = "A provider's faults", description = "Like GET /admin/faults, for this provider only.")
    public Faults.View faults(@PathParam("provider") String name) {
        return provider(name).faults().view();
    }

    @PUT
    @Path("/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replace a provider's faults",
            description = "Like PUT /admin/faults, for this provider only: the others keep theirs.")
    public Faults.View changeFaults(@PathParam("provider") String name, AdminResource.FaultsRequest request) {
        Provider provider = provider(name);
        Faults.Settings settings = AdminResource.settings(request);
        provider.faults().change(settings);
        Log.infof(
                "provider %s faults now: errorRate %s, throttleRate %s, latency %d ms, failing page %s",
                name, settings.errorRate(), settings.throttleRate(), settings.latencyMs(), settings.failingPage());
        return provider.faults().view();
    }

    @GET
    @Path("/stats")
    @Operation(
            summary = "A provider's counters",
            description = "{requests, records} of its pages answered 200 (as GET /admin/stats), and for OAuth2 "
                    + "the tokens issued and the page requests refused for an expired token, since start-up.")
    public ProviderStats stats(@PathParam("provider") String name) {
        Provider provider = provider(name);
        PageStats.View served = this.pages.stats(provider).view();
        return new ProviderStats(
                served.requests(),
                served.records(),
                provider.tokens() == null ? 0 : provider.tokens().issued(),
                provider.tokens() == null ? 0 : provider.tokens().refusedExpired());
    }

    @POST
    @Path("/tokens/revoke")
    @Operation(
            summary = "Revoke a provider's tokens",
            description = "Every access token issued so far is refused from now on (401), as after a key rotation; "
                    + "a client must get a new one. OAuth2 providers only.")
    public ProviderStats revoke(@PathParam("provider") String name) {
        Provider provider = provider(name);
        if (provider.tokens() == null) {
            throw Problem.notFound("provider " + name + " does not use OAuth2");
        }
        provider.tokens().revokeAll();
        Log.infof("provider %s: every access token revoked", name);
        return stats(name);
    }

    private Provider provider(String name) {
        return ProviderResource.provider(providers, name);
    }
}
