package io.dailyetl.warehouse.rest;

import io.dailyetl.warehouse.config.PipelineConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /api/**} with the pipeline's bearer token: 401 without one, 403 with a wrong one. Compared in
 * constant time; the token is never logged. Health, metrics and OpenAPI stay open.
 */
public class BearerTokenFilter {

    private static final String PREFIX = "Bearer ";

    private final byte[] expected;

    BearerTokenFilter(PipelineConfig config) {
        this.expected = config.apiToken().getBytes(StandardCharsets.UTF_8);
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
        byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (expected.length == 0 || !MessageDigest.isEqual(expected, given)) {
            return Problem.response(403, "Forbidden", "the bearer token is not valid for this pipeline");
        }
        return null;
    }
}
