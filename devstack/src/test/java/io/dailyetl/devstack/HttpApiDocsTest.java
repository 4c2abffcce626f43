package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.testing.docs.Docs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/http-api.md against what each service says it serves (the OpenAPI document its build stores in
 * {@code target/openapi}): the same operations, no more and no fewer, the query parameters each heading names, and
 * every status a heading's table lists among the operation's documented answers.
 */
class HttpApiDocsTest {

    private static final Pattern SECTION = Pattern.compile("^## (warehouse|ingest|report)-service .*");
    private static final Pattern OPERATION =
            Pattern.compile("`(GET|POST|PUT|DELETE|PATCH) ([^`?\\s]+)(?:\\?([^`]*))?`");
    private static final Pattern STATUS_ROW = Pattern.compile("^\\|\\s*(\\d{3})\\b.*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One operation as the docs describe it: its query parameters, and the statuses of its heading's table. */
    record Described(Set<String> query, Set<String> statuses) {}

    @Test
    void everyServiceServesExactlyTheOperationsTheDocsDescribe() throws IOException {
        Map<String, Map<String, Described>> docs = described();
        assertThat(docs.keySet()).containsExactlyInAnyOrder("warehouse", "ingest", "report");
        List<String> problems = new ArrayList<>();
        for (var service : docs.entrySet()) {
            JsonNode openApi = openApi(service.getKey());
            Map<String, JsonNode> served = operations(openApi);
            Set<String> undocumented = new TreeSet<>(served.keySet());
            undocumented.removeAll(service.getValue().keySet());
            undocumented.forEach(op -> problems.add(service.getKey() + ": " + op + " is served but not in docs"));
            for (var op : service.getValue().entrySet()) {
                JsonNode operation = served.get(op.getKey());
                if (operation == null) {
                    problems.add(service.getKey() + ": docs describe " + op.getKey() + ", which it does not serve");
                    continue;
                }
                Set<String> params = new TreeSet<>();
                operation.path("parameters").forEach(p -> {
                    if ("query".equals(p.path("in").asText())) {
                        params.add(p.path("name").asText());
                    }
                });
                if (!params.containsAll(op.getValue().query())) {
                    problems.add(service.getKey() + ": " + op.getKey() + " docs name query "
                            + op.getValue().query() + ", the service takes " + params);
                }
                Set<String> answers = new TreeSet<>();
                operation.path("responses").fieldNames().forEachRemaining(answers::add);
                if (!answers.containsAll(op.getValue().statuses())) {
                    problems.add(service.getKey() + ": " + op.getKey() + " docs list statuses "
                            + op.getValue().statuses() + ", its OpenAPI answers " + answers);
                }
            }
        }
        assertThat(problems)
                .as("docs/http-api.md against the services' OpenAPI documents")
                .isEmpty();
    }

    /** service -> "METHOD /path" -> what the docs say, from the {@code ####} headings of each service's section. */
    static Map<String, Map<String, Described>> described() {
        Map<String, Map<String, Described>> docs = new LinkedHashMap<>();
        String service = null;
        List<String> current = List.of();
        for (String line : Docs.page("docs/http-api.md").split("\n")) {
            Matcher section = SECTION.matcher(line);
            if (line.startsWith("## ")) {
                service = section.matches() ? section.group(1) : null;
                current = List.of();
            } else if (service != null && line.startsWith("#### ")) {
                current = new ArrayList<>();
                Matcher op = OPERATION.matcher(line);
                while (op.find()) {
                    String key = op.group(1) + " " + op.group(2);
                    Set<String> query = new TreeSet<>();
                    if (op.group(3) != null) {
                        for (String param : op.group(3).split("&")) {
                            query.add(param.split("=", 2)[0]);
                        }
                    }
                    docs.computeIfAbsent(service, s -> new TreeMap<>()).put(key, new Described(query, new TreeSet<>()));
                    current.add(key);
                }
            } else if (service != null && line.startsWith("### ")) {
                current = List.of();
            } else if (service != null) {
                Matcher status = STATUS_ROW.matcher(line);
                if (status.matches()) {
                    for (String key : current) {
                        docs.get(service).get(key).statuses().add(status.group(1));
                    }
                }
            }
        }
        return docs;
    }

    private static Map<String, JsonNode> operations(JsonNode openApi) {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            path.getValue().fields().forEachRemaining(method -> {
                if (Set.of("get", "post", "put", "delete", "patch").contains(method.getKey())) {
                    operations.put(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue());
                }
            });
        }
        return operations;
    }

    private static JsonNode openApi(String service) throws IOException {
        Path file = Docs.root().resolve(service + "-service/target/openapi/openapi.json");
        assertThat(file)
                .as(
                        "%s's OpenAPI document, which packaging the service stores: run ./mvnw -B verify from the root",
                        service)
                .exists();
        return JSON.readTree(Files.readString(file));
    }
}
