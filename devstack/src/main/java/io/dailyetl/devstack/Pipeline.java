package io.dailyetl.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
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

    private Pipeline() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "demo" : args[0];
        Path root = Path.of("").toAbsolutePath();
        long t0 = System.nanoTime();
        int code;
        switch (command) {
            case "demo" -> code = demo(root, t0);
            case "up" -> code = up(root);
            default -> {
                System.err.println("usage: ./pipeline demo | up | down | bench");
                code = 2;
            }
        }
        System.exit(code);
    }

    private static int demo(Path root, long t0) {
        Stack stack = null;
        String step = "start the stack";
        try {
            stack = Stack.start(Stack.Options.demo(root), Pipeline::say);
            StackClient client = new StackClient(stack);

            step = "ingest run";
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
            List<Path> files = client.saveMail();
            Path csv = files.stream()
                    .filter(p -> p.toString().endsWith(".csv"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no CSV attachment arrived"));
            Path eml = files.stream()
                    .filter(p -> p.toString().endsWith(".eml"))
                    .findFirst()
                    .orElseThrow();
            System.out.println();
            System.out.println("CSV:   " + root.relativize(csv));
            System.out.println("email: " + root.relativize(eml));
            System.out.println("logs:  " + root.relativize(stack.work().resolve("logs")));
            System.out.printf(Locale.ROOT, "demo finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (Stack.StepFailed e) {
            fail(e.step(), e.getMessage(), e.service());
            return 1;
        } catch (Exception e) {
            fail(step, e.getMessage(), null);
            return 1;
        } finally {
            if (stack != null) {
                say("stopping everything");
                stack.close();
            }
        }
    }

    private static int up(Path root) {
        Stack stack;
        try {
            stack = Stack.start(Stack.Options.demo(root), Pipeline::say);
        } catch (Stack.StepFailed e) {
            fail(e.step(), e.getMessage(), e.service());
            return 1;
        }
        Stack running = stack;
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "stack-stop"));
        StackClient client = new StackClient(stack);
        System.out.println();
        System.out.println("everything is up (operator token: " + stack.token() + ")");
        for (var entry : List.of(
                List.of("demo-source", stack.demoSource().toString()),
                List.of("warehouse-service", stack.warehouse().toString()),
                List.of("ingest-service", stack.ingest().toString()),
                List.of("report-service", stack.report().toString()))) {
            String base = entry.get(1);
            System.out.printf(
                    Locale.ROOT,
                    "  %-18s %s   swagger %s/q/swagger-ui   health %s/q/health   metrics %s/q/metrics%n",
                    entry.get(0),
                    base,
                    base,
                    base,
                    base);
        }
        System.out.println("  mail sink          SMTP 127.0.0.1:2525, messages saved as .eml under "
                + root.relativize(stack.mailDir()));
        System.out.println(
                "  logs               " + root.relativize(stack.work().resolve("logs")));
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

    private static void say(String message) {
        System.out.println("==> " + message);
    }

    private static void fail(String step, String message, ServiceProcess service) {
        System.err.println();
        System.err.println("FAILED at step '" + step + "': " + message);
        if (service != null) {
            System.err.println("last lines of " + service.log() + ":");
            System.err.println(ServiceProcess.tail(service.log(), 40));
        }
    }
}
