package io.dailyetl.demo.rest;

import io.dailyetl.demo.config.DemoConfig;
import io.dailyetl.demo.provider.Provider;
import io.dailyetl.demo.provider.Providers;
import io.dailyetl.demo.provider.TokenIssuer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The providers ({@code demo.providers.*}): each one's records in every pagination style at
 * {@code /providers/<name>/transactions…} (behind its own authentication, {@link ProviderAuthFilter}), and the OAuth2
 * token endpoint of those that use client credentials.
 */
@Path("/providers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "providers", description = "Several sources of the same kind of records, each shaped its own way")
public class ProviderResource {

    private final Providers providers;
    private final ProviderPages pages;

    ProviderResource(Providers providers, ProviderPages pages) {
        this.providers = providers;
        this.pages = pages;
    }

    /** What {@code GET /providers} says of one provider (never its secret). */
    public record ProviderView(
            String name, String auth, long records, Map<String, String> fields, String pages, String tokenUrl) {}

    @GET
    @Operation(
            summary = "The providers",
            description = "Each provider's name, authentication type, record count, field names, page URL path and "
                    + "(OAuth2 only) token URL path.")
    public List<ProviderView> list() {
        return providers.all().stream().map(ProviderResource::view).toList();
    }

    /** The provider's pages, in the five styles of {@link PageStyles} ({@code …/transactions}, {@code /offset} …). */
    @Path("/{provider}/transactions")
    public PageStyles pages(@PathParam("provider") String name) {
        return pages.pages(provider(name));
    }

    @POST
    @Path("/{provider}/oauth/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(
            summary = "OAuth2 token endpoint",
            description = "Client credentials grant (RFC 6749 4.4): the client id and secret in HTTP basic or as "
                    + "client_id / client_secret form fields; answers {access_token, token_type, expires_in}. Errors "
                    + "are RFC 6749's {error, error_description}.")
    public Response token(
            @PathParam("provider") String name,
            @FormParam("grant_type") String grantType,
            @FormParam("client_id") String formId,
            @FormParam("client_secret") String formSecret,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Provider provider = provider(name);
        if (provider.tokens() == null) {
            throw Problem.notFound("provider " + name + " does not use OAuth2");
        }
        if (!"client_credentials".equals(grantType)) {
            return oauthError(400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
        }
        String[] basic = Provider.basicCredentials(authorization);
        String id = basic != null ? basic[0] : formId;
        String secret = basic != null ? basic[1] : formSecret;
        if (!provider.isClient(id, secret)) {
            return Response.status(401)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + name + "\"")
                    .entity(Map.of("error", "invalid_client", "error_description", "unknown client or wrong secret"))
                    .build();
        }
        TokenIssuer.Issued issued = provider.tokens().issue();
        return Response.ok(Map.of(
                        "access_token", issued.token(),
                        "token_type", "Bearer",
                        "expires_in", issued.expiresInSeconds()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    private Provider provider(String name) {
        return provider(providers, name);
    }

    /** The provider called {@code name}; 404 naming the providers there are. */
    static Provider provider(Providers providers, String name) {
        return providers
                .get(name)
                .orElseThrow(
                        () -> Problem.notFound("no provider " + name + " (the providers: " + providers.names() + ")"));
    }

    private static Response oauthError(int status, String error, String description) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", error, "error_description", description))
                .build();
    }

    private static ProviderView view(Provider p) {
        DemoConfig.ProviderAuth auth = p.auth();
        var names = p.data().dataset().settings().names();
        return new ProviderView(
                p.name(),
                auth.type().name().toLowerCase(Locale.ROOT).replace('_', '-')
                        + (auth.type() == DemoConfig.AuthType.API_KEY ? " (header " + auth.header() + ")" : ""),
                p.data().dataset().expectedCounts().fetched(),
                Map.of(
                        "id", names.id(),
                        "user_id", names.userId(),
                        "amount", names.amount(),
                        "status", names.status(),
                        "created_at", names.createdAt()),
                "/providers/" + p.name() + "/transactions",
                p.tokens() == null ? null : "/providers/" + p.name() + "/oauth/token");
    }
}
