package io.dailyetl.apiclients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the lint does not check in each service's stored OpenAPI document ({@code target/openapi/openapi.json}, the
 * one {@code /q/openapi} serves): every {@code /api} operation has its own operation id, needs the bearer scheme,
 * documents 401 and 403, and every error answer it documents has the {@code Problem} body.
 */
class OpenApiDocumentsTest {

    private static final String PROBLEM = "#/components/schemas/Problem";

    @ParameterizedTest
    @ValueSource(strings = {"warehouse-service", "ingest-service", "report-service"})
    void everyApiOperationIsNamedSecuredAndAnswersErrorsAsProblems(String module) throws IOException {
        // given the document the service's build stored
        JsonNode document = new ObjectMapper()
                .readTree(ServiceProcess.repositoryRoot()
                        .resolve(module)
                        .resolve(Path.of("target", "openapi", "openapi.json"))
                        .toFile());

        // when every operation is read
        List<String> faults = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                operations++;
                String where = method.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = method.getValue();
                if (!path.getKey().startsWith("/api/")) {
                    faults.add(where + ": outside /api");
                }
                if (!ids.add(operation.path("operationId").asText())) {
                    faults.add(where + ": no operationId, or one used twice");
                }
                if (!operation.path("security").toString().equals("[{\"bearer\":[]}]")) {
                    faults.add(where + ": security is not the bearer scheme");
                }
                JsonNode responses = operation.path("responses");
                if (!responses.has("401") || !responses.has("403")) {
                    faults.add(where + ": 401 or 403 undocumented");
                }
                for (Map.Entry<String, JsonNode> response : responses.properties()) {
                    boolean error = response.getKey().startsWith("4")
                            || response.getKey().startsWith("5");
                    String schema = response.getValue()
                            .path("content")
                            .path("application/problem+json")
                            .path("schema")
                            .path("$ref")
                            .asText();
                    if (error && !schema.equals(PROBLEM)) {
                        faults.add(where + " " + response.getKey() + ": no Problem body");
                    }
                    if (!error && !response.getValue().has("content")) {
                        faults.add(where + " " + response.getKey() + ": no body");
                    }
                }
            }
        }

        // then none is missing anything
        assertThat(operations).isPositive();
        assertThat(faults).isEmpty();
        assertThat(document.at("/components/schemas/Problem/required").toString())
                .isEqualTo("[\"type\",\"title\",\"status\"]");
    }
}
