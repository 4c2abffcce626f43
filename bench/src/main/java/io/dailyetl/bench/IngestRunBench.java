package io.dailyetl.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingest run benchmark: one ingest run (design 4.2) of N source records through the packaged ingest-service,
 * started with a small heap ({@code -Xmx128m}) to show that it streams, against a {@link SyntheticSource} and the
 * packaged warehouse on an embedded PostgreSQL. Reports run time, records/s, ingest's and the warehouse's peak RSS
 * and CPU, and fails (exit 1) unless the run SUCCEEDED with exactly the counts the source expects. See
 * bench/README.md.
 *
 * <p>Run from the repository root (the {@code bench/ingest-run} launcher does this).
 */
public final class IngestRunBench {

    private static final String TOKEN = Bench.TOKEN;
    private static final JsonFactory JSON = new JsonFactory();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final long POLL_MILLIS = 100;
    private static final Pattern GC_PAUSE = Pattern.compile(
            "GC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    // ---------------------------------------------------------------- options

    static final class Options {
        int records = 1_000_000;
        int pageSize = 1_000;
        int batchSize = 1_000;
        int inFlight = 2;
        String ingestXmx = "128m";
        int repeat = 1;
        Path json;

        static Options parse(String[] args) {
            Options o = new Options();
            Bench.Args in = new Bench.Args(args, Options::usage);
            while (in.next()) {
                switch (in.option()) {
                    case "--records" -> o.records = in.positiveInt();
                    case "--page-size" -> o.pageSize = in.positiveInt();
                    case "--batch-size" -> o.batchSize = in.positiveInt();
                    case "--in-flight" -> o.inFlight = in.positiveInt();
                    case "--repeat" -> o.repeat = in.positiveInt();
                    case "--ingest-xmx" -> o.ingestXmx = in.heapSize();
                    case "--json" -> o.json = in.path();
                    default -> in.common();
                }
            }
            return o;
        }

        static String usage() {
            return """
                    usage: bench/ingest-run [--no-build] [options]
                      --records N       source records (default 1000000)
                      --page-size N     records per source page (default 1000)
                      --batch-size N    ingest.batch-size: clean records per warehouse batch (default 1000)
                      --in-flight N     ingest.load.in-flight: concurrent warehouse batches (default 2)
                      --ingest-xmx SIZE ingest's -Xmx (default 128m)
                      --repeat N        runs over the same data (default 1)
                      --json FILE       also write the results as JSON
                    """;
        }
    }

    // ---------------------------------------------------------------- results

    /** Heap facts from ingest's GC log (-Xlog:gc) over one run. */
    record GcStats(int pauses, int fullPauses, double maxBeforeMiB, double maxAfterMiB, double maxCapacityMiB) {
    }

    /** What one run measured; -1 where a value could not be read. */
    record Result(int number, String label, String runId, String loadId, String status, int pages, long fetched,
            long loaded, long rejected, long duplicates, int retries, double clientSeconds, double runSeconds,
            double ingestPeakRssMiB, boolean ingestPeakReset, double ingestSampledMaxRssMiB, int rssSamples,
            double warehousePeakRssMiB, boolean warehousePeakReset, double warehouseSampledMaxRssMiB,
            double ingestCpu, double warehouseCpu, double postgresCpu, double benchCpu, long sourceRequests,
            long sourceErrors, GcStats gc, String loadavgAtTrigger, String loadavgAtEnd, String runJson,
            List<String> warnings) {

        double recordsPerSecond() {
            return runSeconds > 0 ? fetched / runSeconds : 0;
        }

        double recordsPerClientSecond() {
            return clientSeconds > 0 ? fetched / clientSeconds : 0;
        }
    }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) {
        Bench.main(() -> new IngestRunBench(Options.parse(args))::run);
    }

    private final Options options;
    private final Path root = Path.of("").toAbsolutePath();
    private final Path results = root.resolve("bench/results");
    private final Path ingestLog = results.resolve("ingest.log");
    private final Path ingestGcLog = results.resolve("ingest-gc.log");
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private volatile ServiceProcess warehouse;
    private volatile ServiceProcess ingest;
    private volatile SyntheticSource source;
    private volatile TestDatabase db;
    private long postmasterPid = -1;
    private String loadavgStart;
    private double sourcePrepareSeconds;
    private double ingestStartupPeakRssMiB = -1;

    private IngestRunBench(Options options) {
        this.options = options;
    }

    private void run() throws Exception {
        Path warehouseJar = root.resolve("warehouse-service/target/quarkus-app/quarkus-run.jar");
        Path ingestJar = root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        for (Path jar : List.of(warehouseJar, ingestJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build it (bench/ingest-run without --no-build "
                        + "does) and run from the repository root");
            }
        }
        Files.createDirectories(results);
        loadavgStart = ServiceProcess.Proc.loadavg();
        String machineBefore = Bench.machine();
        System.out.println("machine: " + machineBefore);

        Thread hook = new Thread(this::cleanUp, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // 1. the source's pages, rendered before anything else starts
            long t0 = System.nanoTime();
            SyntheticSource src = SyntheticSource.generate(options.records, options.pageSize);
            sourcePrepareSeconds = Bench.seconds(System.nanoTime() - t0);
            SyntheticSource.Expected expected = src.expected();
            System.out.printf(Locale.ROOT, "source: %,d records in %,d pages of %,d (%.1f MiB JSON, pre-rendered in "
                            + "%.1f s); %,d ids; dirty %,d (amount %,d, created_at %,d)%n",
                    src.records(), src.pages(), src.pageSize(), src.bytes() / 1048576.0, sourcePrepareSeconds,
                    src.distinctIds(), expected.rejected(), src.dirtyAmounts(), src.dirtyDates());
            System.out.printf(Locale.ROOT, "expected: fetched %,d = loaded %,d + rejected %,d + duplicates %,d%n",
                    expected.fetched(), expected.loaded(), expected.rejected(), expected.duplicates());

            // 2. PostgreSQL, the warehouse, the source, ingest
            t0 = System.nanoTime();
            db = TestDatabase.startEmbedded(0);
            postmasterPid = postmasterPid();
            System.out.printf(Locale.ROOT, "postgres: %s, postmaster pid %d (started in %.1f s)%n", db.jdbcUrl(),
                    postmasterPid, Bench.seconds(System.nanoTime() - t0));
            int warehousePort = ServiceProcess.freePort();
            // extra JVM options for the warehouse: WAREHOUSE_JAVA_OPTS
            warehouse = ServiceProcess.start("warehouse", root, warehouseJar, warehousePort, List.of("-Xmx512m", io.dailyetl.devstack.Stack.Service.JIT),
                    "WAREHOUSE_JAVA_OPTS",
                    Map.of("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                            "QUARKUS_DATASOURCE_USERNAME", db.username(),
                            "QUARKUS_DATASOURCE_PASSWORD", db.password(),
                            "PIPELINE_API_TOKEN", TOKEN,
                            "QUARKUS_HTTP_PORT", Integer.toString(warehousePort)),
                    results.resolve("warehouse.log"));
            warehouse.awaitReady(http, Duration.ofSeconds(60));

            source = src.start();
            System.out.printf(Locale.ROOT, "source: %s (%d threads)%n", src.url(), SyntheticSource.THREADS);

            int ingestPort = ServiceProcess.freePort();
            Files.deleteIfExists(ingestGcLog);
            // extra JVM options for ingest: INGEST_JAVA_OPTS
            ingest = ServiceProcess.start("ingest", root, ingestJar, ingestPort,
                    List.of("-Xmx" + options.ingestXmx, io.dailyetl.devstack.Stack.Service.JIT, "-Xlog:gc:file=" + ingestGcLog), "INGEST_JAVA_OPTS",
                    Map.of("PIPELINE_API_TOKEN", TOKEN,
                            "QUARKUS_HTTP_PORT", Integer.toString(ingestPort),
                            "QUARKUS_REST_CLIENT_WAREHOUSE_URL", warehouse.base().toString(),
                            "INGEST_SOURCE_URL", src.url().toString(),
                            "INGEST_BATCH_SIZE", Integer.toString(options.batchSize),
                            "INGEST_LOAD_IN_FLIGHT", Integer.toString(options.inFlight),
                            "INGEST_SCHEDULE_CRON", "off"),
                    ingestLog);
            ingest.awaitReady(http, Duration.ofSeconds(90));
            ingestStartupPeakRssMiB = Bench.mib(ingest.peakRssKiB());
            System.out.printf(Locale.ROOT, "ingest: -Xmx%s, batch size %,d, in-flight %d; RSS %.1f MiB after start "
                            + "(peak %.1f MiB)%n", options.ingestXmx, options.batchSize, options.inFlight,
                    Bench.mib(ingest.rssKiB()), ingestStartupPeakRssMiB);

            // 3. the runs
            List<Result> runs = new ArrayList<>();
            for (int rep = 1; rep <= options.repeat; rep++) {
                String label = rep == 1 ? "first" : "repeat";
                System.out.printf(Locale.ROOT, "%n-- run %d/%d (%s)%n", rep, options.repeat, label);
                checkpoint();
                Result r = oneRun(rep, label, src);
                runs.add(r);
                for (String w : r.warnings()) {
                    System.out.println("warning: " + w);
                }
                System.out.printf(Locale.ROOT, "run %s %s: %.2f s (client %.2f s), %,.0f records/s; ingest peak RSS "
                                + "%.1f MiB, warehouse peak RSS %.1f MiB%n", r.runId(), r.status(), r.runSeconds(),
                        r.clientSeconds(), r.recordsPerSecond(), r.ingestPeakRssMiB(), r.warehousePeakRssMiB());
            }

            String machineAfter = Bench.machine();
            System.out.println();
            System.out.print(table(src, runs, machineBefore, machineAfter));
            if (options.json != null) {
                writeJson(options.json, src, runs, machineBefore, machineAfter);
                System.out.println("results written to " + options.json.toAbsolutePath());
            }
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private synchronized void cleanUp() {
        ServiceProcess i = ingest;
        ingest = null;
        if (i != null) {
            i.stop();
        }
        ServiceProcess w = warehouse;
        warehouse = null;
        if (w != null) {
            w.stop();
        }
        SyntheticSource s = source;
        source = null;
        if (s != null) {
            s.close();
        }
        TestDatabase d = db;
        db = null;
        if (d != null) {
            d.close();
        }
    }

    // ---------------------------------------------------------------- one run

    private Result oneRun(int number, String label, SyntheticSource src) throws Exception {
        ServiceProcess in = ingest;
        ServiceProcess wh = warehouse;
        int gcLinesBefore = lines(ingestGcLog);
        boolean ingestReset = in.resetPeakRss();
        boolean warehouseReset = wh.resetPeakRss();
        long requestsBefore = src.requests();
        long errorsBefore = src.errors();

        // RSS samples every 100 ms, on their own thread so a slow poll answer does not thin them out
        AtomicLong ingestMaxRss = new AtomicLong(-1);
        AtomicLong warehouseMaxRss = new AtomicLong(-1);
        AtomicInteger samples = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rss-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            ingestMaxRss.accumulateAndGet(in.rssKiB(), Math::max);
            warehouseMaxRss.accumulateAndGet(wh.rssKiB(), Math::max);
            samples.incrementAndGet();
        }, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);

        String loadavgAtTrigger = ServiceProcess.Proc.loadavg();
        double ingestCpu0 = in.cpuSeconds();
        double warehouseCpu0 = wh.cpuSeconds();
        double postgresCpu0 = postgresCpuSeconds();
        double benchCpu0 = ServiceProcess.Proc.cpuSeconds(ProcessHandle.current().pid(), false);

        long start = System.nanoTime();
        String runJson;
        String runId;
        long end;
        try {
            HttpResponse<String> started = http.send(request("/api/runs")
                    .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 202) {
                throw new IllegalStateException("POST /api/runs answered " + started.statusCode() + " "
                        + started.headers().firstValue("Content-Type").orElse("") + " (expected 202): "
                        + started.body() + "\nlast lines of " + ingestLog + ":\n" + ServiceProcess.tail(ingestLog, 40));
            }
            runId = Bench.fields(started.body()).get("runId");
            if (runId == null) {
                throw new IllegalStateException("POST /api/runs answered 202 without a runId: " + started.body());
            }
            System.out.printf(Locale.ROOT, "run %s: triggered, polling every %d ms%n", runId, POLL_MILLIS);
            long deadline = start + RUN_TIMEOUT.toNanos();
            while (true) {
                Thread.sleep(POLL_MILLIS);
                if (!in.isAlive()) {
                    throw new IllegalStateException("ingest exited with code " + in.exitValue() + " during run "
                            + runId + "; last lines of " + ingestLog + ":\n" + ServiceProcess.tail(ingestLog, 40));
                }
                HttpResponse<String> polled = http.send(request("/api/runs/" + runId)
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (polled.statusCode() != 200) {
                    throw new IllegalStateException("GET /api/runs/" + runId + " answered " + polled.statusCode()
                            + ": " + polled.body());
                }
                if (!"RUNNING".equals(Bench.fields(polled.body()).get("status"))) {
                    end = System.nanoTime();
                    runJson = polled.body();
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("run " + runId + " still RUNNING after " + RUN_TIMEOUT.toMinutes()
                            + " min: " + polled.body() + "\nlast lines of " + ingestLog + ":\n"
                            + ServiceProcess.tail(ingestLog, 40));
                }
            }
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }

        double ingestCpu = in.cpuSeconds() - ingestCpu0;
        double warehouseCpu = wh.cpuSeconds() - warehouseCpu0;
        double postgresCpu = postgresCpuSeconds() - postgresCpu0;
        double benchCpu = ServiceProcess.Proc.cpuSeconds(ProcessHandle.current().pid(), false) - benchCpu0;
        String loadavgAtEnd = ServiceProcess.Proc.loadavg();
        double ingestPeak = Bench.mib(in.peakRssKiB());
        double warehousePeak = Bench.mib(wh.peakRssKiB());
        GcStats gc = gcStats(gcLinesBefore);

        Map<String, String> f = Bench.fields(runJson);
        String status = f.get("status");
        double runSeconds = -1;
        try {
            runSeconds = Duration.between(Instant.parse(f.get("startedAt")), Instant.parse(f.get("finishedAt")))
                    .toNanos() / 1e9;
        } catch (DateTimeParseException | NullPointerException e) {
            // reported as -1 (and the run fails below if it did not succeed)
        }
        Result result = new Result(number, label, runId, f.get("loadId"), status, (int) number(f, "pages"),
                number(f, "fetched"), number(f, "loaded"), number(f, "rejected"), number(f, "duplicates"),
                (int) number(f, "retries"), Bench.seconds(end - start), runSeconds, ingestPeak, ingestReset,
                Bench.mib(ingestMaxRss.get()), samples.get(), warehousePeak, warehouseReset, Bench.mib(warehouseMaxRss.get()),
                ingestCpu, warehouseCpu, postgresCpu, benchCpu, src.requests() - requestsBefore,
                src.errors() - errorsBefore, gc, loadavgAtTrigger, loadavgAtEnd, runJson, new ArrayList<>());
        verify(result, src);
        return result;
    }

    private void verify(Result r, SyntheticSource src) {
        SyntheticSource.Expected e = src.expected();
        List<String> problems = new ArrayList<>();
        if (!"SUCCEEDED".equals(r.status())) {
            problems.add("status " + r.status() + ", expected SUCCEEDED");
        }
        check(problems, "fetched", r.fetched(), e.fetched());
        check(problems, "loaded", r.loaded(), e.loaded());
        check(problems, "rejected", r.rejected(), e.rejected());
        check(problems, "duplicates", r.duplicates(), e.duplicates());
        if (r.fetched() != r.loaded() + r.rejected() + r.duplicates()) {
            problems.add("fetched " + r.fetched() + " != loaded " + r.loaded() + " + rejected " + r.rejected()
                    + " + duplicates " + r.duplicates());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("run " + r.runId() + " is wrong: " + String.join("; ", problems)
                    + "\nrun: " + r.runJson() + "\nlast lines of " + ingestLog + ":\n"
                    + ServiceProcess.tail(ingestLog, 40));
        }
        // not failures, but worth a look
        if (r.pages() != src.pages() + 1) {
            r.warnings().add("the run counts " + r.pages() + " pages; the source has " + src.pages()
                    + " with records (+1 empty page ending the data)");
        }
        if (r.retries() != 0) {
            r.warnings().add(r.retries() + " retries against the source");
        }
        if (r.sourceErrors() != 0 || r.sourceRequests() != r.pages()) {
            r.warnings().add("the source answered " + r.sourceRequests() + " requests (" + r.sourceErrors()
                    + " errors) for " + r.pages() + " pages");
        }
        if (!r.ingestPeakReset()) {
            r.warnings().add("could not reset ingest's VmHWM (clear_refs): its peak RSS covers its whole life");
        }
    }

    private static void check(List<String> problems, String what, long actual, long expected) {
        if (actual != expected) {
            problems.add(what + " " + actual + ", expected " + expected);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(ingest.base().resolve(path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "application/json");
    }



    private static long number(Map<String, String> fields, String name) {
        try {
            return Long.parseLong(fields.get(name));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- PostgreSQL

    private void checkpoint() throws SQLException {
        Bench.checkpoint(db);
    }

    private long postmasterPid() {
        return Bench.postmasterPid(db);
    }

    private double postgresCpuSeconds() {
        return Bench.postgresCpuSeconds(postmasterPid);
    }

    // ---------------------------------------------------------------- ingest's GC log

    private static int lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).size();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Pauses and heap sizes in the GC log lines written after line {@code from}. */
    private GcStats gcStats(int from) {
        List<String> all;
        try {
            all = Files.readAllLines(ingestGcLog, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return new GcStats(-1, -1, -1, -1, -1);
        }
        int pauses = 0;
        int full = 0;
        double before = 0;
        double after = 0;
        double capacity = 0;
        for (String line : all.subList(Math.min(from, all.size()), all.size())) {
            Matcher m = GC_PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            pauses++;
            if (m.group(1).startsWith("Pause Full")) {
                full++;
            }
            before = Math.max(before, size(m.group(2), m.group(3)));
            after = Math.max(after, size(m.group(4), m.group(5)));
            capacity = Math.max(capacity, size(m.group(6), m.group(7)));
        }
        return new GcStats(pauses, full, before, after, capacity);
    }

    private static double size(String number, String unit) {
        double n = Double.parseDouble(number);
        return switch (unit) {
            case "K" -> n / 1024;
            case "G" -> n * 1024;
            default -> n;
        };
    }

    // ---------------------------------------------------------------- reporting

    private String table(SyntheticSource src, List<Result> runs, String machineBefore, String machineAfter) {
        SyntheticSource.Expected e = src.expected();
        StringBuilder sb = new StringBuilder();
        sb.append("Ingest run benchmark\n");
        sb.append(String.format(Locale.ROOT, "  source: %,d records, %,d pages of %,d, %.1f MiB JSON (pre-rendered); "
                        + "expected loaded %,d + rejected %,d + duplicates %,d%n", src.records(), src.pages(),
                src.pageSize(), src.bytes() / 1048576.0, e.loaded(), e.rejected(), e.duplicates()));
        sb.append(String.format(Locale.ROOT, "  ingest: -Xmx%s, batch size %,d, in-flight %d; warehouse -Xmx512m; "
                        + "ingest RSS peak during start-up %.1f MiB%n", options.ingestXmx, options.batchSize,
                options.inFlight, ingestStartupPeakRssMiB));
        sb.append("  machine (start): ").append(machineBefore).append('\n');
        sb.append("  machine (end):   ").append(machineAfter).append('\n');
        sb.append('\n');

        List<String[]> rows = new ArrayList<>();
        row(rows, runs, "run", r -> "#" + r.number() + " " + r.label());
        row(rows, runs, "status", Result::status);
        row(rows, runs, "records fetched", r -> String.format(Locale.ROOT, "%,d", r.fetched()));
        row(rows, runs, "  loaded / rejected / duplicates", r -> String.format(Locale.ROOT, "%,d / %,d / %,d",
                r.loaded(), r.rejected(), r.duplicates()));
        row(rows, runs, "pages (run's count, incl. the empty last)", r -> String.format(Locale.ROOT, "%,d", r.pages()));
        row(rows, runs, "run seconds, client (trigger -> SUCCEEDED)", r -> Bench.fmt("%.2f", r.clientSeconds()));
        row(rows, runs, "run seconds, run (startedAt -> finishedAt)", r -> Bench.fmt("%.2f", r.runSeconds()));
        row(rows, runs, "records/s (fetched / run seconds)", r -> String.format(Locale.ROOT, "%,.0f",
                r.recordsPerSecond()));
        row(rows, runs, "ingest peak RSS, MiB (VmHWM)", r -> Bench.fmt("%.1f", r.ingestPeakRssMiB())
                + (r.ingestPeakReset() ? "" : " (lifetime)"));
        row(rows, runs, "ingest RSS max sampled /100ms, MiB", r -> Bench.fmt("%.1f", r.ingestSampledMaxRssMiB())
                + " (" + r.rssSamples() + " samples)");
        row(rows, runs, "ingest heap: max (-Xmx); committed max", r -> "-Xmx" + options.ingestXmx + "; "
                + Bench.fmt("%.0f", r.gc().maxCapacityMiB()) + " MiB");
        row(rows, runs, "ingest heap used before / after GC max, MiB", r -> Bench.fmt("%.0f", r.gc().maxBeforeMiB()) + " / "
                + Bench.fmt("%.0f", r.gc().maxAfterMiB()));
        row(rows, runs, "ingest GC pauses (full)", r -> r.gc().pauses() + " (" + r.gc().fullPauses() + ")");
        row(rows, runs, "warehouse peak RSS, MiB (VmHWM)", r -> Bench.fmt("%.1f", r.warehousePeakRssMiB())
                + (r.warehousePeakReset() ? "" : " (lifetime)"));
        row(rows, runs, "CPU s: ingest", r -> Bench.fmt("%.1f", r.ingestCpu()));
        row(rows, runs, "CPU s: warehouse", r -> Bench.fmt("%.1f", r.warehouseCpu()));
        row(rows, runs, "CPU s: postgres", r -> Bench.fmt("%.1f", r.postgresCpu()));
        row(rows, runs, "CPU s: bench (source + polling)", r -> Bench.fmt("%.1f", r.benchCpu()));
        row(rows, runs, "loadavg at trigger", Result::loadavgAtTrigger);
        row(rows, runs, "loadavg at end", Result::loadavgAtEnd);

        int[] width = new int[runs.size() + 1];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + width[0] + "s", row[0]));
            for (int i = 1; i < row.length; i++) {
                line.append("  ").append(String.format(Locale.ROOT, "%" + width[i] + "s", row[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                sb.append("-".repeat(line.length())).append('\n');
            }
        }
        return sb.toString();
    }

    private static void row(List<String[]> rows, List<Result> runs, String name, Function<Result, String> value) {
        String[] row = new String[runs.size() + 1];
        row[0] = name;
        for (int i = 0; i < runs.size(); i++) {
            row[i + 1] = value.apply(runs.get(i));
        }
        rows.add(row);
    }


    private void writeJson(Path file, SyntheticSource src, List<Result> runs, String machineBefore,
            String machineAfter) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        SyntheticSource.Expected e = src.expected();
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("benchmark", "ingest-run");
            g.writeStringField("at", Instant.now().toString());
            g.writeObjectFieldStart("machine");
            g.writeNumberField("nproc", Runtime.getRuntime().availableProcessors());
            g.writeStringField("loadavgStart", loadavgStart);
            g.writeStringField("loadavgEnd", ServiceProcess.Proc.loadavg());
            g.writeStringField("start", machineBefore);
            g.writeStringField("end", machineAfter);
            g.writeStringField("java", System.getProperty("java.version"));
            g.writeEndObject();
            g.writeObjectFieldStart("parameters");
            g.writeNumberField("records", options.records);
            g.writeNumberField("pageSize", options.pageSize);
            g.writeNumberField("batchSize", options.batchSize);
            g.writeNumberField("inFlight", options.inFlight);
            g.writeStringField("ingestXmx", options.ingestXmx);
            g.writeStringField("warehouseXmx", "512m");
            g.writeNumberField("repeat", options.repeat);
            g.writeEndObject();
            g.writeObjectFieldStart("source");
            g.writeNumberField("records", src.records());
            g.writeNumberField("pages", src.pages());
            g.writeNumberField("bytes", src.bytes());
            g.writeNumberField("distinctIds", src.distinctIds());
            g.writeNumberField("prepareSeconds", Bench.round(sourcePrepareSeconds));
            g.writeObjectFieldStart("expected");
            g.writeNumberField("fetched", e.fetched());
            g.writeNumberField("loaded", e.loaded());
            g.writeNumberField("rejected", e.rejected());
            g.writeNumberField("duplicates", e.duplicates());
            g.writeEndObject();
            g.writeEndObject();
            g.writeNumberField("ingestStartupPeakRssMiB", Bench.round(ingestStartupPeakRssMiB));
            g.writeArrayFieldStart("runs");
            for (Result r : runs) {
                g.writeStartObject();
                g.writeNumberField("number", r.number());
                g.writeStringField("label", r.label());
                g.writeStringField("runId", r.runId());
                g.writeStringField("loadId", r.loadId());
                g.writeStringField("status", r.status());
                g.writeNumberField("pages", r.pages());
                g.writeNumberField("fetched", r.fetched());
                g.writeNumberField("loaded", r.loaded());
                g.writeNumberField("rejected", r.rejected());
                g.writeNumberField("duplicates", r.duplicates());
                g.writeNumberField("retries", r.retries());
                g.writeNumberField("clientSeconds", Bench.round(r.clientSeconds()));
                g.writeNumberField("runSeconds", Bench.round(r.runSeconds()));
                g.writeNumberField("recordsPerSecond", Math.round(r.recordsPerSecond()));
                g.writeNumberField("recordsPerClientSecond", Math.round(r.recordsPerClientSecond()));
                g.writeObjectFieldStart("ingest");
                g.writeNumberField("peakRssMiB", Bench.round(r.ingestPeakRssMiB()));
                g.writeBooleanField("peakRssIsPerRun", r.ingestPeakReset());
                g.writeNumberField("sampledMaxRssMiB", Bench.round(r.ingestSampledMaxRssMiB()));
                g.writeNumberField("rssSamples", r.rssSamples());
                g.writeStringField("xmx", options.ingestXmx);
                g.writeNumberField("gcPauses", r.gc().pauses());
                g.writeNumberField("gcFullPauses", r.gc().fullPauses());
                g.writeNumberField("heapCommittedMaxMiB", Bench.round(r.gc().maxCapacityMiB()));
                g.writeNumberField("heapBeforeGcMaxMiB", Bench.round(r.gc().maxBeforeMiB()));
                g.writeNumberField("heapAfterGcMaxMiB", Bench.round(r.gc().maxAfterMiB()));
                g.writeNumberField("cpuSeconds", Bench.round(r.ingestCpu()));
                g.writeEndObject();
                g.writeObjectFieldStart("warehouse");
                g.writeNumberField("peakRssMiB", Bench.round(r.warehousePeakRssMiB()));
                g.writeBooleanField("peakRssIsPerRun", r.warehousePeakReset());
                g.writeNumberField("sampledMaxRssMiB", Bench.round(r.warehouseSampledMaxRssMiB()));
                g.writeNumberField("cpuSeconds", Bench.round(r.warehouseCpu()));
                g.writeEndObject();
                g.writeNumberField("postgresCpuSeconds", Bench.round(r.postgresCpu()));
                g.writeNumberField("benchCpuSeconds", Bench.round(r.benchCpu()));
                g.writeNumberField("sourceRequests", r.sourceRequests());
                g.writeStringField("loadavgAtTrigger", r.loadavgAtTrigger());
                g.writeStringField("loadavgAtEnd", r.loadavgAtEnd());
                g.writeArrayFieldStart("warnings");
                for (String w : r.warnings()) {
                    g.writeString(w);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }







}
