package io.dailyetl.report.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.common.PipelineConfig;
import io.quarkus.arc.Arc;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Warehouse error answers as exceptions the fault-tolerance rules can tell apart: 5xx is retried, 409 means the
 * window was already sent (or is being sent), other 4xx are not retried. Also supplies the bearer token.
 */
public class WarehouseErrors implements ResponseExceptionMapper<RuntimeException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        String detail = detail(response);
        if (status >= 500) {
            return new WarehouseUnavailableException("the warehouse answered " + status + detail);
        }
        if (status == 409) {
            return new AlreadyClaimedException(detail.startsWith(": ") ? detail.substring(2) : detail);
        }
        return new WarehouseRejectedException("the warehouse answered " + status + detail);
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    /** The Authorization header value for every warehouse call. */
    public static String bearer() {
        return "Bearer " + Arc.container().instance(PipelineConfig.class).get().apiToken();
    }

    private static String detail(Response response) {
        try {
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return "";
            }
            JsonNode problem = JSON.readTree(body);
            String detail = problem.path("detail").asText("");
            return ": " + (detail.isEmpty() ? body : detail);
        } catch (RuntimeException | java.io.IOException e) {
            return "";
        }
    }

    /** 5xx: the warehouse failed; may be retried. */
    public static class WarehouseUnavailableException extends RuntimeException {
        public WarehouseUnavailableException(String message) {
            super(message);
        }
    }

    /** 409 on a claim: the window was sent already, or another sender holds it. */
    public static class AlreadyClaimedException extends RuntimeException {
        public AlreadyClaimedException(String message) {
            super(message);
        }
    }

    /** Any other 4xx: the request is wrong; retrying will not help. */
    public static class WarehouseRejectedException extends RuntimeException {
        public WarehouseRejectedException(String message) {
            super(message);
        }
    }
}
