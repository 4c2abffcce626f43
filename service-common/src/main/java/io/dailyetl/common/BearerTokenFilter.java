package io.dailyetl.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards {@code /api/**} with the pipeline's bearer token: 401 without one, 403 with a wrong one. Compared in
 * constant time; the token is never logged. Health, metrics and OpenAPI stay open.
 */
public class BearerTokenFilter {

    private static final String PREFIX = "Bearer ";

    private final byte[] expected;
    private final boolean configured;

    BearerTokenFilter(PipelineConfig config) {
        this.configured = !config.apiToken().isBlank();
        this.expected = sha256(config.apiToken());
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            Response problem = Problem.response(401, "Unauthorized", "an Authorization: Bearer <token> header is required");
            return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        // digests have equal length, so the comparison takes the same time whatever the token's length
        byte[] given = sha256(header.substring(PREFIX.length()).trim());
        if (!configured || !MessageDigest.isEqual(expected, given)) {
            return Problem.response(403, "Forbidden", "the bearer token is not valid for this pipeline");
        }
        return null;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
