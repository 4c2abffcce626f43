package io.dailyetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.devstack.Stack;
import io.dailyetl.devstack.StackClient;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/several-sources}: what pulling the demo-source's three providers at once costs against pulling one
 * alone, on the same stack. Each repetition times one source alone (acme) into an empty snapshot, then the three at
 * once into an empty snapshot, each run checked exact against its provider's truth; it prints the wall time of each
 * phase, each run's own time, and ingest's peak RSS and CPU during each phase (one ingest process runs them all, so
 * its peak during the three is the memory the three runs hold together). Options as {@code ./pipeline bench}'s
 * ({@code --records} per provider, {@code --repeat}, {@code --ingest-xmx}, {@code --tiered}, the PostgreSQL ones).
 */
public final class SourcesBench {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final String TOKEN = "bench-sources-token";

    private final BenchOptions options;
    private final Path root = Path.of("").toAbsolutePath();
    private TestDatabase db;
    private Stack stack;

    private SourcesBench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        try {
            new SourcesBench(BenchOptions.parse(args)).run();
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Throwable t) {
            System.err.println();
            System.err.println("BENCH FAILED: " + t.getMessage());
            t.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** One phase: its wall time on the bench's clock, each run's own seconds, and ingest's use meanwhile. */
    record Phase(String label, double wallSeconds, Map<String, Double> runSeconds, ServiceProcess.Usage ingest) {}

    private void run() throws Exception {
        try {
            db = TestDatabase.startEmbedded(0, options.postgresSettings(Path.of("")));
            System.out.printf(Locale.ROOT, "postgres: %s, %s%n", db.jdbcUrl(), options.postgresLabel());
            startStack();
            StackClient client = new StackClient(stack);
            Map<String, JsonNode> truth = new LinkedHashMap<>();
            for (String p : Stack.PROVIDERS) {
                truth.put(p, client.demo("/api/expected/counts?provider=" + p));
            }
            System.out.println("truth: " + truth);

            List<Phase> alone = new ArrayList<>();
            List<Phase> together = new ArrayList<>();
            for (int rep = 1; rep <= options.repeat(); rep++) {
                alone.add(phase(client, truth, List.of(Stack.PROVIDERS.get(0)), "one source alone, " + rep));
                together.add(phase(client, truth, Stack.PROVIDERS, "three sources at once, " + rep));
            }

            double aloneWall = median(alone.stream().map(Phase::wallSeconds).toList());
            double togetherWall =
                    median(together.stream().map(Phase::wallSeconds).toList());
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "%d records per source, ingest -Xmx%s, medians of %d:%n",
                    options.records(),
                    options.ingestXmx(),
                    options.repeat());
            System.out.printf(
                    Locale.ROOT,
                    "  one source alone:      %.2f s wall, ingest peak RSS %.1f MiB, ingest CPU %.1f s%n",
                    aloneWall,
                    median(alone.stream().map(p -> p.ingest().peakRssMiB()).toList()),
                    median(alone.stream().map(p -> p.ingest().cpuSeconds()).toList()));
            System.out.printf(
                    Locale.ROOT,
                    "  three sources at once: %.2f s wall (%.2fx one alone, for 3x the records), ingest peak RSS "
                            + "%.1f MiB, ingest CPU %.1f s%n",
                    togetherWall,
                    togetherWall / aloneWall,
                    median(together.stream().map(p -> p.ingest().peakRssMiB()).toList()),
                    median(together.stream().map(p -> p.ingest().cpuSeconds()).toList()));
            for (String p : Stack.PROVIDERS) {
                System.out.printf(
                        Locale.ROOT,
                        "    %-8s run's own time, median %.2f s%n",
                        p,
                        median(together.stream().map(x -> x.runSeconds().get(p)).toList()));
            }
            System.out.println("first repetition (fresh JVMs) included; each phase: "
                    + alone.get(0).wallSeconds() + " s alone, "
                    + together.get(0).wallSeconds() + " s together");
        } finally {
            if (stack != null) {
                stack.close();
            }
            if (db != null) {
                db.close();
            }
        }
    }

    private Phase phase(StackClient client, Map<String, JsonNode> truth, List<String> sources, String label)
            throws Exception {
        execute("truncate daily_snapshot, user_day_spend");
        execute("checkpoint");
        ServiceProcess.Meter ingest = stack.process("ingest-service").meter();
        long start = System.nanoTime();
        Map<String, String> ids = new LinkedHashMap<>();
        for (String source : sources) {
            ids.put(source, client.startRun(source));
        }
        Map<String, JsonNode> runs = new LinkedHashMap<>();
        for (var e : ids.entrySet()) {
            runs.put(e.getKey(), client.awaitRun(e.getValue(), RUN_TIMEOUT, Duration.ofMillis(50)));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        ServiceProcess.Usage use = ingest.read();
        Map<String, Double> own = new HashMap<>();
        for (var e : runs.entrySet()) {
            List<String> problems = StackClient.runProblems(e.getValue(), truth.get(e.getKey()));
            if (!problems.isEmpty()) {
                throw new IllegalStateException(e.getKey() + " run is wrong: " + problems + ": " + e.getValue());
            }
            own.put(
                    e.getKey(),
                    Duration.between(
                                            Instant.parse(e.getValue()
                                                    .path("startedAt")
                                                    .asText()),
                                            Instant.parse(e.getValue()
                                                    .path("finishedAt")
                                                    .asText()))
                                    .toMillis()
                            / 1000.0);
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %.2f s wall, runs %s s, ingest peak RSS %.1f MiB, CPU %.1f s%n",
                label,
                wall,
                own,
                use.peakRssMiB(),
                use.cpuSeconds());
        return new Phase(label, wall, own, use);
    }

    private void startStack() {
        long demoXmx = Math.max(256, 160 + (long) options.records() * 3 * 400 / 1_048_576);
        String page = Integer.toString(BenchOptions.PAGE_SIZE);
        Map<String, String> ingestEnv = new HashMap<>();
        for (String p : Stack.PROVIDERS) {
            String prefix = "INGEST_SOURCES_" + p.toUpperCase(Locale.ROOT) + "_";
            ingestEnv.put(prefix + "SIZE_PARAM", "size");
            ingestEnv.put(prefix + "PAGE_SIZE", page);
        }
        ingestEnv.put("INGEST_BATCH_SIZE", Integer.toString(options.batchSize()));
        ingestEnv.put("INGEST_LOAD_IN_FLIGHT", Integer.toString(options.inFlight()));
        Stack.Options stackOptions = new Stack.Options(
                        root,
                        root.resolve("bench/results/several-sources"),
                        false,
                        TOKEN,
                        options.records(),
                        BenchOptions.PAGE_SIZE,
                        db.login())
                .withProviders()
                .with(
                        "demo-source",
                        new Stack.Service(
                                jvm("-Xmx" + demoXmx + "m"),
                                // the single source is not pulled here: keep it small
                                Map.of(
                                        "DEMO_USERS",
                                        Integer.toString(BenchOptions.USERS),
                                        "DEMO_RECORDS",
                                        "1000",
                                        // the demo's slower initech would time its latency, not the pipeline
                                        "DEMO_PROVIDERS_INITECH_LATENCY",
                                        "0s")))
                .with("warehouse-service", new Stack.Service(jvm("-Xmx512m"), Map.of()))
                .with(
                        "ingest-service",
                        new Stack.Service(jvm("-Xmx" + options.ingestXmx() + " " + Stack.Service.INGEST_GC), ingestEnv))
                .with("report-service", new Stack.Service(jvm("-Xmx256m"), Map.of()));
        long t0 = System.nanoTime();
        stack = Stack.start(stackOptions, message -> System.out.println("stack: " + message));
        System.out.printf(Locale.ROOT, "stack: everything ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private List<String> jvm(String base) {
        List<String> all = new ArrayList<>(List.of(base.split(" ")));
        if (!options.tiered()) {
            all.add(Stack.Service.JIT);
        }
        return all;
    }

    private void execute(String sql) throws Exception {
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
