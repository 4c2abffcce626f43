package io.dailyetl.common.security;

import io.dailyetl.common.Problem;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * OPTIONS, which no resource method serves: answered 405 {@code about:blank} before any resource is matched, to
 * every caller alike. The REST layer would otherwise answer it itself, with the path's methods in an Allow header
 * and without any role check; and refusing it by an HTTP permission answered 403 "the operator role may not do
 * this" even to an operator, blaming the caller's role for a method nobody may use.
 */
public class UnservedMethods {

    @ServerRequestFilter(preMatching = true)
    public Response options(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return null;
        }
        return Problem.response(405, "Method Not Allowed", "OPTIONS is not served here");
    }
}
