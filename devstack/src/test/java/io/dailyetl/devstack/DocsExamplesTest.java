package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.testing.docs.Docs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * README's demo as the build sees it: {@code ./pipeline demo}'s own code runs on free ports in its own directory,
 * and what it prints must be README's block (after the standard ports and {@code .pipeline} are put back); then the
 * JSON examples of docs/http-api.md and docs/records.md are sent to, or compared with, a warehouse of that stack.
 */
class DocsExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static String printed;
    private static int exitCode;
    private static Stack stack;
    private static StackClient client;

    @BeforeAll
    static void runTheDemo() throws Exception {
        Path root = io.dailyetl.testing.ServiceProcess.repositoryRoot();
        Path work = root.resolve("devstack/target/docs-demo");
        Stack.Options demo = Stack.Options.demo(root);
        // the single-source stack of ./pipeline up (its token, its 10,000 records, an embedded PostgreSQL), on free
        // ports in its own folder, with the single-source demo run on it (./pipeline demo's own output, over the
        // three providers, is checked against README by SeveralSourcesEndToEndTest)
        Stack.Options options = new Stack.Options(
                root, work, false, demo.token(), demo.records(), demo.pageSize(), null, demo.services());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pipeline pipeline = new Pipeline(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        long t0 = System.nanoTime();
        stack = Stack.start(options, pipeline::say);
        client = new StackClient(stack);
        exitCode = pipeline.demo(stack, t0);
        printed = out.toString(StandardCharsets.UTF_8)
                .replace(root.relativize(work).toString(), ".pipeline")
                .replace(stack.demoSource().toString(), "http://localhost:8090");
        System.out.println("[docs-demo]\n" + printed);
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void withTracingOffNoTraceIdAppearsAnywhere() throws Exception {
        // docs/observability.md: while tracing is off, no trace id in a run's answer, a log line or a metric
        JsonNode runs = JSON.readTree(client.call("GET", stack.ingest().resolve("/api/runs"), null, PATIENCE)
                .body());
        assertThat(runs.findValues("traceId"))
                .allSatisfy(id -> assertThat(id.isNull()).as("traceId %s", id).isTrue());
        Pattern ids = Pattern.compile("\\[[0-9a-f]{32},[0-9a-f]{16}]|\"traceId\":\"[0-9a-f]{32}\"");
        for (String module : List.of("warehouse-service", "ingest-service", "report-service")) {
            String log = Files.readString(stack.process(module).log());
            assertThat(ids.matcher(log).find())
                    .as("a trace id in %s's log", module)
                    .isFalse();
        }
        // exemplars (a trace id next to a sample) are part of the OpenMetrics format only
        assertThat(client.metrics(stack.ingest(), OPEN_METRICS))
                .contains("ingest_runs_total")
                .doesNotContain("trace_id");
    }

    @Test
    void everyMetricReadmeListsIsServedWithItsLabelsAndTheRunsNumbers() throws Exception {
        StringBuilder all = new StringBuilder();
        for (var base : List.of(stack.warehouse(), stack.ingest(), stack.report())) {
            all.append(client.metrics(base, "text/plain"));
        }
        String served = all.toString();
        List<String> missing = new ArrayList<>();
        for (ReadmeMetric metric : readmeMetrics()) {
            // the watermark exists for incremental sources only: IncrementalExampleTest checks it
            if (metric.name().equals(WATERMARK_METRIC)) {
                continue;
            }
            for (String sample : metric.samples()) {
                if (!Pattern.compile("(?m)^" + sample).matcher(served).find()) {
                    missing.add(sample);
                }
            }
        }
        assertThat(missing)
                .as("metrics README lists that the services do not serve")
                .isEmpty();
        // and they count what happened: the demo's one run of 10,000 records
        assertThat(served)
                .contains("ingest_runs_total{source=\"transactions\",status=\"succeeded\",} 1.0")
                .contains("ingest_records_total{outcome=\"fetched\",source=\"transactions\",} 10000.0")
                .contains("ingest_records_total{outcome=\"loaded\",source=\"transactions\",} 9300.0")
                .contains("ingest_records_total{outcome=\"rejected\",source=\"transactions\",} 200.0")
                .contains("ingest_records_total{outcome=\"duplicate\",source=\"transactions\",} 500.0")
                .contains("report_sent_total 1.0");
    }

    static final String WATERMARK_METRIC = "warehouse_source_watermark_timestamp_seconds";

    /** A metric README's "Health and metrics" names, and the samples (name and label value) it promises. */
    record ReadmeMetric(String name, List<String> samples) {}

    /** The metrics README's "Health and metrics" lists: {@code name} or {@code name{label=a|b}}. */
    static List<ReadmeMetric> readmeMetrics() {
        String readme = Docs.page("README.md");
        int start = readme.indexOf("### Health and metrics");
        String section = readme.substring(start, readme.indexOf("\n## ", start));
        Matcher m = Pattern.compile("`((?:ingest|warehouse|report)_[a-z_]+)(?:\\{([a-z]+)(?:=([a-z|…-]+))?})?`")
                .matcher(section);
        List<ReadmeMetric> metrics = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1);
            List<String> samples = new ArrayList<>();
            if (m.group(3) == null || m.group(3).equals("…")) {
                samples.add(Pattern.quote(name) + "(_total|_count|_seconds_count)?[{ ]");
            } else {
                for (String value : m.group(3).split("\\|")) {
                    samples.add(Pattern.quote(name) + "(_total)?\\{[^}]*" + m.group(2) + "=\"" + Pattern.quote(value)
                            + "\"");
                }
            }
            metrics.add(new ReadmeMetric(name, samples));
        }
        assertThat(metrics).as("metrics in README's Health and metrics").hasSizeGreaterThan(20);
        return metrics;
    }

    @Test
    void quickStartsTestCommandIsTheOneCiRuns() throws Exception {
        List<String> commands = Docs.example("quick-start")
                .lines()
                .map(line -> line.replaceAll("\\s+#.*", "").strip())
                .toList();
        assertThat(commands).containsExactly("./pipeline demo", "./mvnw -B verify");
        String ci = Files.readString(Docs.root().resolve(".ci/run"));
        assertThat(ci.strip().lines().reduce((a, b) -> b).orElseThrow().replace(" -ntp", ""))
                .as("the last command of .ci/run")
                .isEqualTo(commands.get(1));
    }

    @Test
    void theBatchExampleIsStagedAsDocumented() throws Exception {
        // given an open load
        HttpResponse<String> opened = call("POST", "/api/loads", "{\"source\": \"docs-example\"}", stack.loaderToken());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String loadId = JSON.readTree(opened.body()).path("loadId").asText();

        // when the example batch of docs/http-api.md and the clean record of docs/records.md are staged
        HttpResponse<String> batch =
                call("PUT", "/api/loads/" + loadId + "/batches/0", Docs.example("batch-request"), stack.loaderToken());
        HttpResponse<String> record = call(
                "PUT",
                "/api/loads/" + loadId + "/batches/1",
                "{\"records\": [" + Docs.example("clean-record").strip() + "]}",
                stack.loaderToken());

        // then both are accepted, with the counts the docs promise
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        assertThat(JSON.readTree(batch.body()))
                .isEqualTo(JSON.readTree("{\"seq\": 0, \"records\": 1, \"rejects\": 1}"));
        assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
        call("POST", "/api/loads/" + loadId + "/abort", null, stack.loaderToken());
    }

    @Test
    void theUserSpendAnswerHasTheFieldsOfItsExample() throws Exception {
        JsonNode answer = client.userSpend(Pipeline.DEMO_WEEK, Pipeline.DEMO_WEEK.plusDays(7));
        assertThat(fields(answer)).isEqualTo(fields(JSON.readTree(Docs.example("user-spend-answer"))));
    }

    /** Every field path of a JSON document (array elements as {@code []}), to compare an answer's shape. */
    static Set<String> fields(JsonNode node) {
        Set<String> paths = new TreeSet<>();
        collect("", node, paths);
        return paths;
    }

    private static void collect(String path, JsonNode node, Set<String> into) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                into.add(path + name);
                collect(path + name + ".", node.get(name), into);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(path + "[].", element, into);
            }
        }
    }

    private static HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        return client.call(method, stack.warehouse().resolve(path), body, PATIENCE, token);
    }
}
