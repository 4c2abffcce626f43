package io.dailyetl.demo.rest;

import io.dailyetl.demo.config.DemoConfig;
import io.dailyetl.demo.provider.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * When {@code demo.auth-token} is set, every {@code /api/transactions*} request must carry
 * {@code Authorization: Bearer <it>}: otherwise 401. Compared in constant time; never logged. The expected answers,
 * the admin endpoints and {@code /q/*} stay open.
 */
public class SourceTokenFilter {

    private static final String PREFIX = "Bearer ";
    private static final String GUARDED = "/api/transactions";

    private final byte[] expected;

    SourceTokenFilter(DemoConfig config) {
        this.expected = config.authToken()
                .filter(t -> !t.isBlank())
                .map(Provider::sha256)
                .orElse(null);
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        if (expected == null) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(GUARDED)) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
        // digests have equal length, so the comparison takes the same time whatever the token's length
        if (bearer
                && MessageDigest.isEqual(
                        expected,
                        Provider.sha256(header.substring(PREFIX.length()).trim()))) {
            return null;
        }
        return Problem.builder(
                        401,
                        "Unauthorized",
                        bearer
                                ? "the bearer token is not valid for this source"
                                : "an Authorization: Bearer <token> header is required")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }
}
