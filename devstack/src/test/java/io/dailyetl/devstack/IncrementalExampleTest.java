package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.testing.docs.Docs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * README's worked example of incremental runs, run as written: the stack {@code ./pipeline up} would start with the
 * block's variables (on free ports, in its own folder), then the block's own shell script with curl and jq, whose
 * output must be README's "What it printed" block.
 */
class IncrementalExampleTest {

    private static final Pattern UP = Pattern.compile("^((?:[A-Z][A-Z0-9_]*=\\S+\\s+)+)\\./pipeline up$");

    private static Stack stack;
    private static String printed;
    private static int exitCode;

    @BeforeAll
    static void runTheExample() throws Exception {
        List<String> lines = Arrays.stream(
                        Docs.example("incremental-example").replace("\\\n", " ").split("\n"))
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        Matcher up = UP.matcher(lines.get(0).replaceAll("\\s+", " "));
        assertThat(up.matches())
                .as("the example starts with <VARIABLES> ./pipeline up: %s", lines.get(0))
                .isTrue();
        assertThat(lines.get(lines.size() - 1))
                .as("the example ends by stopping the stack")
                .isEqualTo("./pipeline down");
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignment : up.group(1).strip().split("\\s+")) {
            String[] kv = assignment.split("=", 2);
            env.put(kv[0], kv[1]);
        }

        Path root = io.dailyetl.testing.ServiceProcess.repositoryRoot();
        Stack.Options demo = Stack.Options.demo(root);
        // ./pipeline up passes its environment to every service it starts
        Stack.Options options = new Stack.Options(
                root,
                root.resolve("devstack/target/docs-incremental"),
                false,
                demo.token(),
                demo.records(),
                demo.pageSize(),
                null);
        for (String module : List.of("demo-source", "warehouse-service", "ingest-service", "report-service")) {
            options = options.with(
                    module, new Stack.Service(options.service(module).jvmOptions(), env));
        }
        stack = Stack.start(options, message -> System.out.println("[docs-incremental] " + message));

        String script = String.join("\n", lines.subList(1, lines.size() - 1))
                .replace("localhost:8081", stack.ingest().getAuthority())
                .replace("localhost:8082", stack.warehouse().getAuthority())
                .replace("localhost:8090", stack.demoSource().getAuthority());
        Process bash = new ProcessBuilder("bash", "-c", script)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        printed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(5, TimeUnit.MINUTES)).as("the example finished").isTrue();
        exitCode = bash.exitValue();
        System.out.println("[docs-incremental] printed:\n" + printed);
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theExamplePrintsWhatReadmeShows() {
        assertThat(exitCode)
                .as("exit code of the example; it printed:%n%s", printed)
                .isZero();
        String shown = Docs.example("incremental-output");
        assertThat(Docs.firstMismatch(shown, printed))
                .as(
                        "first line of the example's output that README's block does not show (-1: none); printed:%n%s",
                        printed)
                .isEqualTo(-1);
    }

    @Test
    void theWarehouseServesTheWatermarkMetricReadmeLists() throws Exception {
        String metrics = new StackClient(stack).metrics(stack.warehouse(), "text/plain");
        DocsExamplesTest.ReadmeMetric watermark = DocsExamplesTest.readmeMetrics().stream()
                .filter(m -> m.name().equals(DocsExamplesTest.WATERMARK_METRIC))
                .findFirst()
                .orElseThrow();
        // the example's watermark, 2026-11-24T23:54:38Z, in epoch seconds
        assertThat(metrics)
                .containsPattern("(?m)^" + watermark.samples().get(0))
                .contains(DocsExamplesTest.WATERMARK_METRIC + "{source=\"transactions\",} 1.795564478E9");
    }

    @Test
    void theWatermarkAnswerHasTheFieldsOfItsExample() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String answer = new StackClient(stack)
                .call(
                        "GET",
                        stack.warehouse().resolve("/api/sources/transactions/watermark"),
                        null,
                        Duration.ofSeconds(30))
                .body();
        assertThat(DocsExamplesTest.fields(json.readTree(answer)))
                .as(answer)
                .isEqualTo(DocsExamplesTest.fields(json.readTree(Docs.example("watermark-answer"))));
    }
}
