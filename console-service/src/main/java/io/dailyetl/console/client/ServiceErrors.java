package io.dailyetl.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns an error answer of ingest or report into {@link ServiceRefused}, with the cause its problem+json names. */
abstract class ServiceErrors implements ResponseExceptionMapper<ServiceRefused> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String service;

    ServiceErrors(String service) {
        this.service = service;
    }

    @Override
    public ServiceRefused toThrowable(Response response) {
        JsonNode problem = problem(response);
        String detail = problem.path("detail").asText("");
        if (detail.isEmpty()) {
            detail = problem.path("title").asText("");
        }
        return new ServiceRefused(
                service,
                response.getStatus(),
                problem.path("type").asText("about:blank"),
                detail,
                problem.path("errors").path(0).path("field").asText(""));
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    private static JsonNode problem(Response response) {
        try {
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return JSON.createObjectNode();
            }
            JsonNode json = JSON.readTree(body);
            return json.isObject() ? json : JSON.createObjectNode();
        } catch (RuntimeException | IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** ingest-service's errors. */
    static class Ingest extends ServiceErrors {
        Ingest() {
            super("ingest-service");
        }
    }

    /** report-service's errors. */
    static class Report extends ServiceErrors {
        Report() {
            super("report-service");
        }
    }
}
