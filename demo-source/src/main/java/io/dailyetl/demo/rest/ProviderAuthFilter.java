package io.dailyetl.demo.rest;

import io.dailyetl.demo.provider.Provider;
import io.dailyetl.demo.provider.Providers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request for a provider's pages ({@code /providers/<name>/transactions…}) must pass that provider's
 * authentication, else 401 with a {@code WWW-Authenticate} saying which kind. The token endpoint, the list and
 * {@code /admin/*} stay open.
 */
public class ProviderAuthFilter {

    private static final String PREFIX = "/providers/";
    private static final String PAGES = "/transactions";

    private final Providers providers;

    ProviderAuthFilter(Providers providers) {
        this.providers = providers;
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        int slash = path.indexOf('/', PREFIX.length());
        if (slash < 0 || !path.startsWith(PAGES, slash)) {
            return null;
        }
        Optional<Provider> provider = providers.get(path.substring(PREFIX.length(), slash));
        if (provider.isEmpty()) {
            return null; // the resource answers 404 naming the providers
        }
        String refusal = provider.get().refusal(request::getHeaderString);
        if (refusal == null) {
            return null;
        }
        String scheme = switch (provider.get().auth().type()) {
            case API_KEY -> "ApiKey header=\"" + provider.get().auth().header() + "\"";
            case OAUTH2 -> "Bearer error=\"invalid_token\"";
            default -> "Bearer";
        };
        return Problem.builder(401, "Unauthorized", refusal)
                .header(HttpHeaders.WWW_AUTHENTICATE, scheme)
                .build();
    }
}
