package io.dailyetl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dailyetl.devstack.Stack;
import io.dailyetl.devstack.StackClient;
import io.dailyetl.testing.Browser;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bench/console-pages}: how long the console's pages take to load, and what the console costs in memory. The
 * whole stack runs as {@code ./pipeline up} runs it (devstack's {@code Stack}); the warehouse gets a committed load
 * with {@code --rejects} rejects (10,000 by default) and a run reporting it, then the overview and that run's page are
 * each loaded {@code --loads} times (20) after 5 warm-up loads: over HTTP (the answer, on the bench's clock) and in
 * the system's Chromium (the Navigation Timing's load event: answer, parsing, SVG and script). Prints p50, p95 and
 * max per page and the console's RSS and peak RSS, and writes them to {@code bench/results/console-pages.json}.
 */
public final class ConsolePageBench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int WARM_UP = 5;
    private static final int REJECTS_PER_BATCH = 1_000;

    private ConsolePageBench() {}

    public static void main(String[] args) throws Exception {
        int loads = 20;
        int rejects = 10_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--loads" -> loads = Integer.parseInt(args[++i]);
                case "--rejects" -> rejects = Integer.parseInt(args[++i]);
                case "--no-build" -> {}
                default -> {
                    System.err.println("usage: bench/console-pages [--loads N] [--rejects N] [--no-build]");
                    System.exit(2);
                }
            }
        }
        if (Browser.missing() != null) {
            System.err.println(Browser.missing());
            System.exit(2);
        }
        Path root = ServiceProcess.repositoryRoot();
        Path results = root.resolve("bench/results");
        Files.createDirectories(results);
        TestDatabase db = TestDatabase.startEmbedded(0);
        try (Stack stack = Stack.start(
                new Stack.Options(root, results.resolve("console"), false, "bench-token", 1_000, 100, db.login()),
                m -> System.out.println("==> " + m))) {
            String runId = runWithRejects(stack, rejects);
            System.out.printf(Locale.ROOT, "==> run %s reported, its load with %,d rejects%n", runId, rejects);
            ServiceProcess console = stack.process("console-service");
            console.resetPeakRss();

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("loads", loads);
            out.put("rejects", rejects);
            out.put("consoleJvmOptions", Stack.Service.DEFAULT.jvmOptions());
            HttpClient http = loggedIn(stack);
            Map<String, URI> pages = new LinkedHashMap<>();
            pages.put("overview", stack.console().resolve("/"));
            pages.put(
                    "run page (" + String.format(Locale.ROOT, "%,d", rejects) + " rejects)",
                    stack.console().resolve("/runs/" + runId));
            Map<String, Object> timings = new LinkedHashMap<>();
            try (Browser browser = Browser.open(1280, 900)) {
                browser.logIn(
                        stack.console(), "viewer", stack.consolePasswords().get("viewer"));
                for (var page : pages.entrySet()) {
                    List<Double> overHttp = new ArrayList<>();
                    List<Double> inBrowser = new ArrayList<>();
                    for (int i = 0; i < WARM_UP + loads; i++) {
                        double h = httpMillis(http, page.getValue());
                        double b = browserMillis(browser, page.getValue());
                        if (i >= WARM_UP) {
                            overHttp.add(h);
                            inBrowser.add(b);
                        }
                    }
                    timings.put(page.getKey(), Map.of("http", stats(overHttp), "browser", stats(inBrowser)));
                }
            }
            out.put("pages", timings);
            out.put("consoleRssMiB", console.rssKiB() / 1024.0);
            out.put("consolePeakRssMiB", console.peakRssKiB() / 1024.0);
            Files.writeString(results.resolve("console-pages.json"), JSON.writeValueAsString(out));
            System.out.println();
            System.out.println(table(out));
            System.out.println("(written to bench/results/console-pages.json)");
        } finally {
            db.close();
        }
        System.exit(0);
    }

    /** A load of its own source with {@code rejects} rejects and 100 records, committed, and a run reporting it. */
    private static String runWithRejects(Stack stack, int rejects) throws Exception {
        StackClient client = new StackClient(stack);
        URI warehouse = stack.warehouse();
        String source = "console-bench";
        String loadId = JSON.readTree(call(
                        client,
                        "POST",
                        warehouse.resolve("/api/loads"),
                        Map.of("source", source, "runId", "bench-" + UUID.randomUUID())))
                .path("loadId")
                .asText();
        int batches = 0;
        for (int staged = 0; staged < rejects; staged += REJECTS_PER_BATCH) {
            List<Map<String, Object>> some = new ArrayList<>();
            for (int i = staged; i < Math.min(rejects, staged + REJECTS_PER_BATCH); i++) {
                some.add(Map.of(
                        "reason",
                        "amount: not a number \"" + i + "-abc\"",
                        "page",
                        i / 100,
                        "raw",
                        Map.of("id", "bench-" + i, "amount", i + "-abc", "user_id", "u" + (i % 97))));
            }
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("records", batches == 0 ? records(100) : List.of());
            batch.put("rejects", some);
            call(client, "PUT", warehouse.resolve("/api/loads/" + loadId + "/batches/" + batches), batch);
            batches++;
        }
        call(
                client,
                "POST",
                warehouse.resolve("/api/loads/" + loadId + "/commit"),
                Map.of("batches", batches, "records", 100, "rejects", rejects));
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now().minusSeconds(60);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("source", source);
        run.put("status", "SUCCEEDED");
        run.put("logicalDate", java.time.LocalDate.now().toString());
        run.put("trigger", "api");
        run.put("startedAt", started.toString());
        run.put("finishedAt", started.plusSeconds(30).toString());
        run.put("pages", rejects / 100 + 1);
        run.put("fetched", rejects + 100);
        run.put("loaded", 100);
        run.put("rejected", rejects);
        run.put("duplicates", 0);
        run.put("retries", 0);
        run.put("loadId", loadId);
        run.put("attempts", List.of(Map.of("number", 1, "loadId", loadId, "startedAt", started.toString())));
        run.put("version", 1);
        call(client, "PUT", warehouse.resolve("/api/runs/" + runId), run);
        return runId;
    }

    private static List<Map<String, Object>> records(int n) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(Map.of(
                    "id", "bench-ok-" + i,
                    "userId", "u" + i,
                    "amount", "12.50",
                    "status", "active",
                    "createdAt", "2026-11-19T10:00:00Z"));
        }
        return records;
    }

    private static String call(StackClient client, String method, URI uri, Object body) throws Exception {
        HttpResponse<String> r = client.call(method, uri, JSON.writeValueAsString(body), Duration.ofSeconds(60));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static HttpClient loggedIn(Stack stack) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String form = "j_username=viewer&j_password="
                + URLEncoder.encode(stack.consolePasswords().get("viewer"), StandardCharsets.UTF_8);
        HttpResponse<Void> r = http.send(
                HttpRequest.newBuilder(stack.console().resolve("/j_security_check"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 302) {
            throw new IllegalStateException("console login answered " + r.statusCode());
        }
        return http;
    }

    private static double httpMillis(HttpClient http, URI page) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r =
                http.send(HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(page + " answered " + r.statusCode());
        }
        return ms;
    }

    /** The page's load event as the browser's Navigation Timing tells it (start of the request to load end). */
    private static double browserMillis(Browser browser, URI page) {
        browser.driver().get(page.toString());
        Object ms = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript("const n = performance.getEntriesByType('navigation')[0];"
                        + " return n.loadEventEnd > 0 ? n.loadEventEnd - n.startTime : null;");
        if (ms == null) {
            browser.await()
                    .until(d -> ((org.openqa.selenium.JavascriptExecutor) d)
                            .executeScript("return performance.getEntriesByType('navigation')[0].loadEventEnd > 0;")
                            .equals(Boolean.TRUE));
            ms = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("const n = performance.getEntriesByType('navigation')[0];"
                            + " return n.loadEventEnd - n.startTime;");
        }
        return ((Number) ms).doubleValue();
    }

    /** p50, p95 (nearest rank) and max of {@code ms}, rounded to 0.1 ms. */
    static Map<String, Double> stats(List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        sorted.sort(Double::compare);
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("p50", round(sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1)));
        s.put("p95", round(sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1)));
        s.put("max", round(sorted.get(sorted.size() - 1)));
        return s;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    @SuppressWarnings("unchecked")
    private static String table(Map<String, Object> out) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "Console pages: %d loads each after %d warm-up loads (ms)%n%-30s %10s %10s %10s %10s %10s %10s%n",
                (Integer) out.get("loads"),
                WARM_UP,
                "page",
                "http p50",
                "http p95",
                "http max",
                "chrome p50",
                "chrome p95",
                "chrome max"));
        ((Map<String, Object>) out.get("pages")).forEach((page, t) -> {
            Map<String, Map<String, Double>> m = (Map<String, Map<String, Double>>) t;
            sb.append(String.format(
                    Locale.ROOT,
                    "%-30s %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f%n",
                    page,
                    m.get("http").get("p50"),
                    m.get("http").get("p95"),
                    m.get("http").get("max"),
                    m.get("browser").get("p50"),
                    m.get("browser").get("p95"),
                    m.get("browser").get("max")));
        });
        sb.append(String.format(
                Locale.ROOT,
                "console: RSS %.1f MiB, peak RSS %.1f MiB during the loads (JVM options %s)",
                (Double) out.get("consoleRssMiB"),
                (Double) out.get("consolePeakRssMiB"),
                out.get("consoleJvmOptions")));
        return sb.toString();
    }
}
