package io.dailyetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.devstack.Stack;
import io.dailyetl.devstack.StackClient;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./pipeline bench}: the whole pipeline as deployed (devstack's {@link Stack}: demo-source, warehouse, ingest
 * and report as packaged services, a fresh embedded PostgreSQL, an in-process SMTP sink). Times ingest runs of N
 * demo records from trigger to SUCCEEDED at a small ingest heap, compares them with a plain {@code COPY} of the
 * same rows, and times the weekly report to the mailbox. Fails (exit 1) unless every run SUCCEEDED with exactly
 * the counts the demo-source expects; bad options exit 2. Run from the repository root (the launchers do).
 */
public final class PipelineBench {

    private static final String TOKEN = "bench-token";
    private static final List<String> MODULES =
            List.of("demo-source", "warehouse-service", "ingest-service", "report-service");

    private final BenchOptions options;
    private final Path root = Path.of("").toAbsolutePath();
    private final Path results = root.resolve("bench/results");
    private volatile Stack stack;
    private volatile TestDatabase db;
    private String demoXmx;

    private PipelineBench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        PipelineBench bench;
        try {
            bench = new PipelineBench(BenchOptions.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            bench.run();
            System.exit(0);
        } catch (Throwable t) {
            System.err.println();
            System.err.println("BENCH FAILED: " + t.getMessage());
            t.printStackTrace(System.err);
            System.exit(1);
        }
    }

    private void run() throws Exception {
        for (String module : MODULES) {
            ServiceProcess.runnerJar(root, module); // fails early, saying how to build what is missing
        }
        Path jsonFile =
                options.json() != null ? options.json() : results.resolve("pipeline-" + options.records() + ".json");
        Files.createDirectories(results);
        String loadavgStart = ServiceProcess.Proc.loadavg();
        String machineBefore = machine();
        System.out.println("machine: " + machineBefore);

        Thread hook = new Thread(this::cleanUp, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // 1. PostgreSQL, SMTP, demo-source (renders every record's JSON at start-up), warehouse, ingest, report
            long t0 = System.nanoTime();
            Map<String, String> postgresSettings = options.postgresSettings(Path.of(""));
            db = TestDatabase.startEmbedded(0, postgresSettings);
            System.out.printf(
                    Locale.ROOT,
                    "postgres: %s, postmaster pid %d, %s %s (started in %.1f s)%n",
                    db.jdbcUrl(),
                    db.serverPid(),
                    options.postgresLabel(),
                    postgresSettings,
                    (System.nanoTime() - t0) / 1e9);
            startStack();
            StackClient client = new StackClient(stack);
            long ingestStartRss = stack.process("ingest-service").rssKiB();

            // 2. what a correct pipeline must answer, from the demo-source's own knowledge of its records
            JsonNode expected = client.demo("/api/expected/counts");
            JsonNode spend = client.demo("/api/expected/user-spend");
            WeeklyReportTimer reportTimer = new WeeklyReportTimer(stack, client, spend);
            System.out.println("expected: " + expected + ", week: "
                    + spend.path("from").asText() + " to "
                    + spend.path("to").asText() + ", " + spend.path("users").asLong() + " users, total "
                    + spend.path("total").asText());

            // 3. the ingest runs, against a source that has been serving long before this bench started
            if (!options.coldStandIns()) {
                warmSource(client, expected.path("fetched").asLong());
            }
            List<IngestRunTimer.Run> runs = ingestRuns(client, expected);

            // 4. the reference: the same distinct rows, a plain COPY into an empty daily_snapshot-shaped table
            System.out.printf(Locale.ROOT, "%n-- reference COPY%n");
            ReferenceCopy ref = ReferenceCopy.export(db, expected.path("loaded").asLong());
            System.out.printf(
                    Locale.ROOT,
                    "daily_snapshot: %,d rows, %.1f MiB of COPY text (read in %.1f s, not " + "timed)%n",
                    ref.rows(),
                    ref.bytes() / 1048576.0,
                    ref.exportSeconds());
            List<Double> copySeconds = new ArrayList<>();
            for (int rep = 1; rep <= options.repeat(); rep++) {
                double s = ref.timeOnce(db);
                copySeconds.add(s);
                System.out.printf(
                        Locale.ROOT,
                        "reference COPY %d/%d: %,d rows in %.2f s (%,.0f rows/s)%n",
                        rep,
                        options.repeat(),
                        ref.rows(),
                        s,
                        ref.rows() / s);
            }

            // 5. the weekly report of the data's week, on a snapshot as a Monday morning finds it: autovacuum has
            // long since visited the day's load (hint bits, visibility map, statistics); the bench does it now
            System.out.printf(Locale.ROOT, "%n-- weekly report%n");
            long v0 = System.nanoTime();
            execute("vacuum (analyze) daily_snapshot");
            System.out.printf(
                    Locale.ROOT,
                    "vacuum (analyze) daily_snapshot: %.1f s (not timed)%n",
                    (System.nanoTime() - v0) / 1e9);
            for (int i = 1; i <= 3 && !options.coldStandIns(); i++) {
                System.out.printf(
                        Locale.ROOT,
                        "SMTP sink warmed with a mail of %,d CSV rows in %.2f s (not timed)%n",
                        spend.path("users").asLong(),
                        reportTimer.warmSmtp(spend.path("users").asLong()));
            }
            List<WeeklyReportTimer.Report> reports = new ArrayList<>();
            for (int rep = 1; rep <= options.repeat(); rep++) {
                WeeklyReportTimer.Report r = reportTimer.time(rep);
                reports.add(r);
                System.out.printf(
                        Locale.ROOT,
                        "report %d/%d: %.3f s (200 after %.3f s): %,d users, total %s, CSV " + "%,d bytes (%,d rows)%n",
                        rep,
                        options.repeat(),
                        r.seconds(),
                        r.httpSeconds(),
                        r.users(),
                        r.total(),
                        r.csvBytes(),
                        r.csvRows());
            }

            Results all = new Results(
                    options,
                    demoXmx,
                    ingestStartRss < 0 ? -1 : ingestStartRss / 1024.0,
                    expected,
                    reportTimer.weekStart(),
                    runs,
                    ref,
                    copySeconds,
                    reports,
                    loadavgStart,
                    machineBefore,
                    machine());
            System.out.println();
            System.out.print(all.table());
            all.writeJson(jsonFile);
            System.out.println("results written to " + jsonFile);
        } catch (Exception e) {
            Stack s = stack;
            throw s == null
                    ? e
                    : new IllegalStateException(
                            e.getMessage() + s.logTails(40, "ingest-service", "warehouse-service", "report-service"),
                            e);
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    /**
     * Reads up to {@value #SOURCE_WARM_UP_PAGES} pages from demo-source, as the bench (not ingest), so that the first
     * timed run does not also pay for the stand-in source's JIT: a real source API has been serving for months.
     */
    private void warmSource(StackClient client, long records) throws Exception {
        long t0 = System.nanoTime();
        long pages = Math.min(SOURCE_WARM_UP_PAGES, (records + BenchOptions.PAGE_SIZE - 1) / BenchOptions.PAGE_SIZE);
        for (long page = 1; page <= pages; page++) {
            URI uri = stack.demoSource().resolve("/api/transactions?page=" + page + "&size=" + BenchOptions.PAGE_SIZE);
            int status = client.call("GET", uri, null, Duration.ofMinutes(1)).statusCode();
            if (status != 200) {
                throw new IllegalStateException("demo-source answered " + status + " to " + uri);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "demo-source warmed: %d pages read by the bench in %.1f s (not timed)%n",
                pages,
                (System.nanoTime() - t0) / 1e9);
    }

    private static final int SOURCE_WARM_UP_PAGES = 300;

    /**
     * Runs 1, 3, 5, ... load into an empty snapshot (run 1 on freshly started JVMs, later ones after a TRUNCATE
     * on warm JVMs, like a long-running service meeting a new day's data); even runs repeat the same data.
     */
    private List<IngestRunTimer.Run> ingestRuns(StackClient client, JsonNode expected) throws Exception {
        IngestRunTimer timer = new IngestRunTimer(stack, client, db, expected);
        List<IngestRunTimer.Run> runs = new ArrayList<>();
        for (int rep = 1; rep <= options.repeat(); rep++) {
            boolean allNew = rep % 2 == 1;
            String label = rep == 1 ? "first (all new)" : allNew ? "new again (warm JVMs)" : "repeat (all unchanged)";
            System.out.printf(Locale.ROOT, "%n-- ingest run %d/%d: %s%n", rep, options.repeat(), label);
            if (rep > 1 && allNew) {
                execute("truncate daily_snapshot");
            }
            execute("checkpoint"); // the timed run does not pay for the dirty pages of what came before
            IngestRunTimer.Run r = timer.measure(rep, label, allNew);
            runs.add(r);
            System.out.printf(
                    Locale.ROOT,
                    "run %s SUCCEEDED: %.2f s (run's own %.2f s), %,.0f records/s; "
                            + "inserted %,d, updated %,d, unchanged %,d; peak RSS ingest %.1f MiB, warehouse "
                            + "%.1f MiB; CPU s ingest %.1f, warehouse %.1f, postgres %.1f%n",
                    r.run().path("runId").asText(),
                    r.clientSeconds(),
                    r.runSeconds(),
                    r.recordsPerSecond(),
                    r.loadCount("inserted"),
                    r.loadCount("updated"),
                    r.loadCount("unchanged"),
                    r.ingest().peakRssMiB(),
                    r.warehouse().peakRssMiB(),
                    r.ingest().cpuSeconds(),
                    r.warehouse().cpuSeconds(),
                    r.postgresCpu());
        }
        return runs;
    }

    private void startStack() {
        // the demo-source keeps ~200 bytes a record (JSON + truth); room for generating them
        demoXmx = Math.max(256, 128 + (long) options.records() * 400 / 1_048_576) + "m";
        Stack.Options stackOptions = new Stack.Options(
                        root,
                        results.resolve("pipeline"),
                        false,
                        TOKEN,
                        options.records(),
                        BenchOptions.PAGE_SIZE,
                        db.login())
                .with(
                        "demo-source",
                        new Stack.Service(
                                jvm("-Xmx" + demoXmx, "DEMO_JAVA_OPTS"),
                                Map.of("DEMO_USERS", Integer.toString(BenchOptions.USERS))))
                .with("warehouse-service", new Stack.Service(jvm("-Xmx512m", "WAREHOUSE_JAVA_OPTS"), Map.of()))
                .with(
                        "ingest-service",
                        new Stack.Service(
                                jvm("-Xmx" + options.ingestXmx() + " " + Stack.Service.INGEST_GC, "INGEST_JAVA_OPTS"),
                                Map.of(
                                        "INGEST_SOURCE_SIZE_PARAM",
                                        "size",
                                        "INGEST_SOURCE_PAGE_SIZE",
                                        Integer.toString(BenchOptions.PAGE_SIZE),
                                        "INGEST_BATCH_SIZE",
                                        Integer.toString(options.batchSize()),
                                        "INGEST_LOAD_IN_FLIGHT",
                                        Integer.toString(options.inFlight()))))
                .with("report-service", new Stack.Service(jvm("-Xmx256m", "REPORT_JAVA_OPTS"), Map.of()));
        long t0 = System.nanoTime();
        try {
            stack = Stack.start(stackOptions, message -> System.out.println("stack: " + message));
        } catch (Stack.StepFailed e) {
            throw new IllegalStateException(
                    "the stack failed at step '" + e.step() + "': " + e.getMessage()
                            + (e.service() == null
                                    ? ""
                                    : "\nlast lines of " + e.service().log() + ":\n"
                                            + ServiceProcess.tail(e.service().log(), 40)),
                    e);
        }
        System.out.printf(Locale.ROOT, "stack: everything ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** {@code base}, the services' C1-only JIT unless --tiered, and the options in {@code env} (later ones win). */
    private List<String> jvm(String base, String env) {
        List<String> all = new ArrayList<>(List.of(base.split(" ")));
        if (!options.tiered()) {
            all.add(Stack.Service.JIT);
        }
        all.addAll(ServiceProcess.optionsFrom(env));
        return all;
    }

    /** One statement on a connection of its own, in autocommit (so VACUUM may be one). */
    private void execute(String sql) throws Exception {
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private synchronized void cleanUp() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
        if (db != null) {
            db.close();
            db = null;
        }
    }

    /** The machine line: cores, load average, JVM and OS. */
    private static String machine() {
        return "nproc " + Runtime.getRuntime().availableProcessors() + ", loadavg " + ServiceProcess.Proc.loadavg()
                + ", java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }
}
