package io.dailyetl.warehouseclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.common.PipelineConfig;
import io.quarkus.arc.Arc;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns warehouse error answers into exceptions that fault-tolerance rules can tell apart: 5xx is
 * {@link WarehouseUnavailableException} (retried), 409 {@link WarehouseConflictException} (an answer: another
 * load is open, a window was sent), any other 4xx {@link WarehouseRejectedException} (never retried). Each carries
 * the warehouse's problem detail. Also supplies the bearer token every warehouse call sends.
 */
public class WarehouseErrors implements ResponseExceptionMapper<RuntimeException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        String detail = detail(response);
        if (status >= 500) {
            return new WarehouseUnavailableException("the warehouse answered " + status + (detail.isEmpty() ? "" : ": " + detail));
        }
        if (status == 409) {
            return new WarehouseConflictException(detail.isEmpty() ? "the warehouse answered 409" : detail);
        }
        return new WarehouseRejectedException(status, "the warehouse answered " + status + (detail.isEmpty() ? "" : ": " + detail));
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    /** The Authorization header value for every warehouse call ({@code PIPELINE_API_TOKEN}). */
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
            return detail.isEmpty() ? abbreviate(body) : detail;
        } catch (RuntimeException | java.io.IOException e) {
            return "";
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }

    /** The warehouse failed or is overloaded (5xx); the call may be retried. */
    public static class WarehouseUnavailableException extends RuntimeException {
        public WarehouseUnavailableException(String message) {
            super(message);
        }
    }

    /** 409: the warehouse's state says no (a load of the source is open, a load is not OPEN, a window was sent). */
    public static class WarehouseConflictException extends RuntimeException {
        public WarehouseConflictException(String message) {
            super(message);
        }
    }

    /** Any other 4xx: the request itself is wrong; retrying will not help. */
    public static class WarehouseRejectedException extends RuntimeException {
        private final int status;

        public WarehouseRejectedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
