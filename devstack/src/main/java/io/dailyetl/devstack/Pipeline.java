package io.dailyetl.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.testing.ServiceProcess;
import java.io.PrintStream;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./pipeline demo}: starts the stack, runs an ingest of the demo data, emails the weekly report of the
 * demo week to the local SMTP sink, prints what happened and where the CSV and the mail are, and stops
 * everything. {@code ./pipeline up}: starts the stack and keeps it running (saving mail) until stopped.
 */
public final class Pipeline {

    /** The demo-source's data lies in the week starting here (demo.week-start). */
    static final LocalDate DEMO_WEEK = LocalDate.of(2026, 11, 16);

    private final PrintStream out;
    private final PrintStream err;

    /** A pipeline that prints its progress to {@code out} and its failures to {@code err}. */
    Pipeline(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "demo" : args[0];
        Path root = Path.of("").toAbsolutePath();
        long t0 = System.nanoTime();
        int code;
        switch (command) {
            case "demo" ->
                code = new Pipeline(System.out, System.err)
                        .demo(Stack.Options.demo(root).withProviders(), t0);
            case "up" -> code = new Pipeline(System.out, System.err).up(root);
            default -> {
                System.err.println("usage: ./pipeline demo | up | down | bench");
                code = 2;
            }
        }
        System.exit(code);
    }

    /** Starts a stack with {@code options}, runs the demo on it and stops it; 0 when every step succeeded. */
    int demo(Stack.Options options, long t0) {
        Stack stack;
        try {
            stack = Stack.start(options, this::say);
        } catch (Stack.StepFailed e) {
            fail(e.step(), e.getMessage(), e.service());
            return 1;
        } catch (RuntimeException e) {
            fail("start the stack", e.getMessage(), null);
            return 1;
        }
        try {
            return demo(stack, t0);
        } finally {
            say("stopping everything");
            stack.close();
        }
    }

    /** The demo's steps on a running stack: an ingest, the weekly report, the mail saved; 0 when all succeeded. */
    int demo(Stack stack, long t0) {
        if (stack.options().providers()) {
            return providersDemo(stack, t0);
        }
        String step = "ingest run";
        try {
            StackClient client = new StackClient(stack);

            say("running an ingest of the demo data (" + stack.demoSource() + "/api/transactions)");
            JsonNode run = client.runIngest(Duration.ofMinutes(10));
            if (!"SUCCEEDED".equals(run.path("status").asText())) {
                throw new Stack.StepFailed(
                        step,
                        "run ended " + run.path("status").asText() + ": "
                                + run.path("error").asText(),
                        stack.process("ingest-service"));
            }
            say(String.format(
                    Locale.ROOT,
                    "run %s SUCCEEDED: %d pages, %d fetched = %d loaded + %d rejected + %d duplicates",
                    run.path("runId").asText(),
                    run.path("pages").asInt(),
                    run.path("fetched").asLong(),
                    run.path("loaded").asLong(),
                    run.path("rejected").asLong(),
                    run.path("duplicates").asLong()));
            say("checks: " + checks(run.path("checks")));
            String traceId = run.path("traceId").asText("");
            say(
                    traceId.isEmpty()
                            ? "trace: none (tracing is off; QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT=<collector> turns it on)"
                            : "trace: " + traceId + " (the run's spans, and its log lines' traceId)");

            step = "weekly report";
            LocalDate end = DEMO_WEEK.plusDays(7);
            say("emailing the weekly report for " + DEMO_WEEK + " – " + end.minusDays(1));
            JsonNode report = client.weeklyReport(end, List.of("demo@daily-etl.local"), true);
            say(String.format(
                    Locale.ROOT,
                    "report: %d users, total %s, emailed to %s",
                    report.path("users").asLong(),
                    report.path("total").asText(),
                    report.path("emailedTo")));

            step = "save the mail";
            SavedMail mail = SavedMail.of(client.saveMail());
            finished(stack, mail, t0);
            return 0;
        } catch (Stack.StepFailed e) {
            fail(e.step(), e.getMessage(), e.service());
            return 1;
        } catch (Exception e) {
            fail(step, e.getMessage(), null);
            return 1;
        }
    }

    /**
     * The demo over the demo-source's three providers: a run of each, all at once, each checked against the
     * provider's own truth; then the weekly report, which sums each user's spend across the sources, checked row by
     * row against the truth of the three together. 0 when every step succeeded and every answer was exact.
     */
    int providersDemo(Stack stack, long t0) {
        String step = "ingest runs";
        try {
            StackClient client = new StackClient(stack);
            say("running the demo-source's three providers at once (" + stack.demoSource() + "/providers): "
                    + "acme (bearer token, page numbers), globex (API key, cursor, its own field names), "
                    + "initech (OAuth2 client credentials, Link header)");
            java.util.Map<String, String> runs = new java.util.LinkedHashMap<>();
            List<String> traces = new ArrayList<>();
            for (String source : Stack.PROVIDERS) {
                runs.put(source, client.startRun(source));
            }
            for (var entry : runs.entrySet()) {
                String source = entry.getKey();
                JsonNode run = client.awaitRun(entry.getValue(), Duration.ofMinutes(10), Duration.ofMillis(200));
                JsonNode truth = client.demo("/api/expected/counts?provider=" + source);
                List<String> problems = StackClient.runProblems(run, truth);
                if (!problems.isEmpty()) {
                    throw new Stack.StepFailed(
                            step,
                            source + " run " + run.path("runId").asText() + " is not exact: "
                                    + String.join("; ", problems),
                            stack.process("ingest-service"));
                }
                say(String.format(
                        Locale.ROOT,
                        "%-8s run %s SUCCEEDED: %d pages, %d fetched = %d loaded + %d rejected + %d duplicates "
                                + "(= its truth)",
                        source,
                        run.path("runId").asText(),
                        run.path("pages").asInt(),
                        run.path("fetched").asLong(),
                        run.path("loaded").asLong(),
                        run.path("rejected").asLong(),
                        run.path("duplicates").asLong()));
                say("         checks: " + checks(run.path("checks")));
                String traceId = run.path("traceId").asText("");
                if (!traceId.isEmpty()) {
                    traces.add(source + " " + traceId);
                }
            }
            say(
                    traces.isEmpty()
                            ? "trace: none (tracing is off; QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT=<collector> turns it on)"
                            : "traces: " + String.join(", ", traces)
                                    + " (each run's spans, and its log lines' traceId)");
            JsonNode tokens = client.demo("/admin/providers/initech/stats");
            say("initech issued " + tokens.path("tokensIssued").asLong() + " OAuth2 access token(s) during its run, "
                    + "and refused " + tokens.path("expiredTokensRefused").asLong() + " request(s) for an expired one");

            step = "weekly report";
            LocalDate end = DEMO_WEEK.plusDays(7);
            say("emailing the weekly report for " + DEMO_WEEK + " – " + end.minusDays(1) + " (spend summed across "
                    + "the sources)");
            JsonNode report = client.weeklyReport(end, List.of("demo@daily-etl.local"), true);

            step = "save the mail";
            SavedMail mail = SavedMail.of(client.saveMail());

            step = "compare the report with the truth";
            JsonNode spend = client.demo("/api/expected/user-spend?provider=all&from=" + DEMO_WEEK + "&to=" + end
                    + "&status=active&zone=UTC");
            List<String> expected = StackClient.expectedCsv(spend);
            List<String> emailed = StackClient.csvRecords(Files.readString(mail.csv()));
            if (!emailed.equals(expected)) {
                throw new Stack.StepFailed(
                        step,
                        "the emailed CSV (" + (emailed.size() - 1) + " users) differs from the demo-source's truth "
                                + "across the providers (" + (expected.size() - 1) + " users): first difference at "
                                + firstDifference(emailed, expected),
                        stack.process("report-service"));
            }
            say(String.format(
                    Locale.ROOT,
                    "report: %d users, total %s, emailed to %s: every row equals the demo-source's truth across "
                            + "the three providers",
                    report.path("users").asLong(),
                    report.path("total").asText(),
                    report.path("emailedTo")));
            finished(stack, mail, t0);
            return 0;
        } catch (Stack.StepFailed e) {
            fail(e.step(), e.getMessage(), e.service());
            return 1;
        } catch (Exception e) {
            fail(step, e.getMessage(), null);
            return 1;
        }
    }

    /** The weekly report's mail as saved under the mail folder: the message and its CSV attachment. */
    private record SavedMail(Path csv, Path eml) {
        static SavedMail of(List<Path> files) {
            Path csv = files.stream()
                    .filter(p -> p.toString().endsWith(".csv"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no CSV attachment arrived"));
            Path eml = files.stream()
                    .filter(p -> p.toString().endsWith(".eml"))
                    .findFirst()
                    .orElseThrow();
            return new SavedMail(csv, eml);
        }
    }

    /** The demo's last lines: where the CSV, the mail and the logs are, and how long it took. */
    private void finished(Stack stack, SavedMail mail, long t0) {
        Path root = stack.root();
        out.println();
        out.println("CSV:   " + root.relativize(mail.csv()));
        out.println("email: " + root.relativize(mail.eml()));
        out.println("logs:  " + root.relativize(stack.work().resolve("logs")));
        out.printf(Locale.ROOT, "demo finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static String firstDifference(List<String> actual, List<String> expected) {
        for (int i = 0; i < Math.max(actual.size(), expected.size()); i++) {
            String a = i < actual.size() ? actual.get(i) : "(none)";
            String e = i < expected.size() ? expected.get(i) : "(none)";
            if (!a.equals(e)) {
                return "row " + i + ": " + a + ", expected " + e;
            }
        }
        return "none";
    }

    private int up(Path root) {
        Stack stack;
        try {
            stack = Stack.start(Stack.Options.demo(root), this::say);
        } catch (Stack.StepFailed e) {
            fail(e.step(), e.getMessage(), e.service());
            return 1;
        }
        Stack running = stack;
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "stack-stop"));
        StackClient client = new StackClient(stack);
        out.println();
        out.println("everything is up (operator token: " + stack.token() + ")");
        for (var entry : List.of(
                List.of("demo-source", stack.demoSource().toString()),
                List.of("warehouse-service", stack.warehouse().toString()),
                List.of("ingest-service", stack.ingest().toString()),
                List.of("report-service", stack.report().toString()))) {
            String base = entry.get(1);
            out.printf(
                    Locale.ROOT,
                    "  %-18s %s   swagger %s/q/swagger-ui   health %s/q/health   metrics %s/q/metrics%n",
                    entry.get(0),
                    base,
                    base,
                    base,
                    base);
        }
        out.printf(
                Locale.ROOT,
                "  %-18s %s   log in as viewer / %s or operator / %s%n",
                "console",
                stack.console(),
                stack.consolePasswords().get("viewer"),
                stack.consolePasswords().get("operator"));
        out.println("  mail sink          SMTP 127.0.0.1:2525, messages saved as .eml under "
                + root.relativize(stack.mailDir()));
        out.println("  logs               " + root.relativize(stack.work().resolve("logs")));
        try {
            Files.writeString(
                    stack.work().resolve("up.ready"),
                    Long.toString(ProcessHandle.current().pid()));
            while (true) {
                client.saveMail();
                Thread.sleep(2000); // the sink is polled for new mail to save; nothing else to wait on
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            fail("saving mail", e.getMessage(), null);
            return 1;
        }
    }

    /**
     * A run's data checks on one line, as {@code check OUTCOME observed} (to 4 decimals), with a field rule's field and a check's note
     * (e.g. a volume with no earlier run to compare) in parentheses.
     */
    static String checks(JsonNode checks) {
        if (!checks.isArray() || checks.isEmpty()) {
            return "none judged";
        }
        List<String> said = new ArrayList<>();
        for (JsonNode c : checks) {
            StringBuilder one = new StringBuilder(c.path("check").asText());
            if (c.hasNonNull("field")) {
                one.append(" (").append(c.path("field").asText()).append(')');
            }
            one.append(' ').append(c.path("outcome").asText());
            if (c.hasNonNull("observed")) {
                one.append(' ')
                        .append(c.path("observed")
                                .decimalValue()
                                .setScale(4, RoundingMode.HALF_UP)
                                .stripTrailingZeros()
                                .toPlainString());
            }
            if (c.hasNonNull("note")) {
                one.append(" (").append(c.path("note").asText()).append(')');
            }
            said.add(one.toString());
        }
        return String.join(", ", said);
    }

    /** Prints a step: {@code ==> message}. */
    void say(String message) {
        out.println("==> " + message);
    }

    private void fail(String step, String message, ServiceProcess service) {
        err.println();
        // a service's failure message ends with its log's tail, which is printed once, below
        int tail = message == null || service == null ? -1 : message.indexOf("; last lines of ");
        err.println("FAILED at step '" + step + "': " + (tail < 0 ? message : message.substring(0, tail)));
        if (service != null) {
            err.println("last lines of " + service.log() + ":");
            err.println(ServiceProcess.tail(service.log(), 40));
        }
    }
}
