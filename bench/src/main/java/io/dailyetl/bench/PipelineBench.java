package io.dailyetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.devstack.Stack;
import io.dailyetl.devstack.StackClient;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Whole-pipeline benchmark (issue 6): the demo-source, warehouse, ingest and report as packaged services (devstack's
 * {@link Stack}) on a fresh embedded PostgreSQL and an in-process SMTP server; times ingest runs of N demo records
 * trigger to SUCCEEDED, a plain {@code COPY} of the resulting distinct rows into an empty table shaped like
 * {@code daily_snapshot} as the reference, and the weekly report (query, CSV, email). Fails (exit 1) unless every
 * run SUCCEEDED with exactly the counts the demo-source expects. See bench/README.md.
 *
 * <p>Run from the repository root (the {@code bench/pipeline-run} launcher, and {@code ./pipeline bench}, do this).
 */
public final class PipelineBench {

    private static final String TOKEN = Bench.TOKEN;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int PAGE_SIZE = 1_000;
    private static final int USERS = 20_000;
    private static final String REPORT_TO = "bench@example.com";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration MAIL_TIMEOUT = Duration.ofMinutes(2);
    private static final long POLL_MILLIS = 50;
    private static final List<String> MODULES = List.of("demo-source", "warehouse-service", "ingest-service",
            "report-service");

    // ---------------------------------------------------------------- options

    static final class Options {
        int records = 1_000_000;
        int repeat = 3;
        String ingestXmx = "128m";
        int batchSize = 1_000;
        int inFlight = 2;
        boolean tiered;
        Path json;

        static Options parse(String[] args) {
            Options o = new Options();
            Bench.Args in = new Bench.Args(args, Options::usage);
            while (in.next()) {
                switch (in.option()) {
                    case "--records" -> o.records = in.positiveInt();
                    case "--repeat" -> o.repeat = in.positiveInt();
                    case "--batch-size" -> o.batchSize = in.positiveInt();
                    case "--in-flight" -> o.inFlight = in.positiveInt();
                    case "--ingest-xmx" -> o.ingestXmx = in.heapSize();
                    case "--json" -> o.json = in.path();
                    case "--tiered" -> o.tiered = true;
                    default -> in.common();
                }
            }
            return o;
        }

        static String usage() {
            return """
                    usage: ./pipeline bench [--no-build] [options]     (or bench/pipeline-run)
                      --records N       demo-source records (default 1000000; pages of 1000, 20000 users)
                      --repeat N        ingest runs, reference COPYs and weekly reports (default 3)
                      --ingest-xmx SIZE ingest's -Xmx (default 128m)
                      --batch-size N    ingest.batch-size: clean records per warehouse batch (default 1000)
                      --in-flight N     ingest.load.in-flight: concurrent warehouse batches (default 2)
                      --json FILE       where to write the results (default bench/results/pipeline-<N>.json)
                      --tiered          the JVM's default tiered JIT (C1 + C2) instead of the services' C1 only
                      --no-build        skip the Maven build if the jars exist
                    """;
        }
    }

    // ---------------------------------------------------------------- results

    /** One ingest run; -1 where a value could not be read. */
    record Run(int number, String label, String runId, String loadId, int pages, long fetched, long loaded,
            long rejected, long duplicates, int retries, long inserted, long updated, long unchanged,
            double clientSeconds, double runSeconds, double ingestPeakRssMiB, boolean ingestPeakReset,
            double warehousePeakRssMiB, boolean warehousePeakReset, double ingestCpu, double warehouseCpu,
            double postgresCpu, double demoCpu, String loadavgAtTrigger, String loadavgAtEnd) {

        double recordsPerSecond() {
            return clientSeconds > 0 ? fetched / clientSeconds : 0;
        }
    }

    /** One weekly report: POST until 200 ({@code httpSeconds}) and until the mail had arrived ({@code seconds}). */
    record Report(int number, double seconds, double httpSeconds, long users, String total, int csvBytes,
            int csvRows) {
    }

    /** The distinct rows of daily_snapshot as COPY text, read after the runs (not timed). */
    record Reference(List<byte[]> chunks, long rows, long bytes, double exportSeconds) {
    }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) {
        Bench.main(() -> new PipelineBench(Options.parse(args))::run);
    }

    private final Options options;
    private final Path root = Path.of("").toAbsolutePath();
    private final Path results = root.resolve("bench/results");
    private final Path work = results.resolve("pipeline");
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private volatile Stack stack;
    private volatile TestDatabase db;
    private long postmasterPid = -1;
    private String loadavgStart;
    private String demoXmx;
    private JsonNode expected;
    private LocalDate weekStart;
    private JsonNode expectedSpend;
    private double ingestStartRssMiB = -1;

    private PipelineBench(Options options) {
        this.options = options;
    }

    private void run() throws Exception {
        for (String module : MODULES) {
            ServiceProcess.runnerJar(root, module); // fails early, saying how to build what is missing
        }
        Path jsonFile = options.json != null ? options.json
                : results.resolve("pipeline-" + options.records + ".json");
        Files.createDirectories(results);
        loadavgStart = ServiceProcess.Proc.loadavg();
        String machineBefore = Bench.machine();
        System.out.println("machine: " + machineBefore);

        Thread hook = new Thread(this::cleanUp, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // 1. PostgreSQL, SMTP, demo-source (renders every record's JSON at start-up), warehouse, ingest, report
            long t0 = System.nanoTime();
            db = TestDatabase.startEmbedded(0);
            postmasterPid = Bench.postmasterPid(db);
            System.out.printf(Locale.ROOT, "postgres: %s, postmaster pid %d (started in %.1f s)%n", db.jdbcUrl(),
                    postmasterPid, Bench.seconds(System.nanoTime() - t0));
            startStack();
            ingestStartRssMiB = Bench.mib(process("ingest-service").rssKiB());

            // 2. what a correct pipeline must answer, from the demo-source's own knowledge of its records
            expected = get(stack.demoSource(), "/api/expected/counts");
            expectedSpend = get(stack.demoSource(), "/api/expected/user-spend");
            weekStart = LocalDate.parse(expectedSpend.path("from").asText());
            System.out.printf(Locale.ROOT, "expected: fetched %,d = loaded %,d + rejected %,d + duplicates %,d; "
                            + "week of %s: %,d users, total %s%n", expected.path("fetched").asLong(),
                    expected.path("loaded").asLong(), expected.path("rejected").asLong(),
                    expected.path("duplicates").asLong(), weekStart, expectedSpend.path("users").asLong(),
                    expectedSpend.path("total").asText());

            // 3. the ingest runs
            List<Run> runs = new ArrayList<>();
            for (int rep = 1; rep <= options.repeat; rep++) {
                String label = rep == 1 ? "first (all new)"
                        : allNew(rep) ? "new again (warm JVMs)" : "repeat (all unchanged)";
                System.out.printf(Locale.ROOT, "%n-- ingest run %d/%d: %s%n", rep, options.repeat, label);
                if (rep > 1 && allNew(rep)) {
                    emptySnapshot();
                }
                Bench.checkpoint(db);
                Run r = ingestRun(rep, label);
                runs.add(r);
                System.out.printf(Locale.ROOT, "run %s SUCCEEDED: %.2f s (run's own %.2f s), %,.0f records/s; "
                                + "inserted %,d, updated %,d, unchanged %,d; peak RSS ingest %.1f MiB, warehouse "
                                + "%.1f MiB; CPU s ingest %.1f, warehouse %.1f, postgres %.1f%n", r.runId(),
                        r.clientSeconds(), r.runSeconds(), r.recordsPerSecond(), r.inserted(), r.updated(),
                        r.unchanged(), r.ingestPeakRssMiB(), r.warehousePeakRssMiB(), r.ingestCpu(),
                        r.warehouseCpu(), r.postgresCpu());
            }

            // 4. the reference: the same distinct rows, a plain COPY into an empty daily_snapshot-shaped table
            System.out.printf(Locale.ROOT, "%n-- reference COPY%n");
            Reference ref = exportSnapshot();
            System.out.printf(Locale.ROOT, "daily_snapshot: %,d rows, %.1f MiB of COPY text (read in %.1f s, not "
                    + "timed)%n", ref.rows(), ref.bytes() / 1048576.0, ref.exportSeconds());
            List<Double> copySeconds = new ArrayList<>();
            for (int rep = 1; rep <= options.repeat; rep++) {
                double s = referenceCopy(ref);
                copySeconds.add(s);
                System.out.printf(Locale.ROOT, "reference COPY %d/%d: %,d rows in %.2f s (%,.0f rows/s)%n", rep,
                        options.repeat, ref.rows(), s, ref.rows() / s);
            }

            // 5. the weekly report of the data's week, on a snapshot as a Monday morning finds it: autovacuum has
            // long since visited the day's load (hint bits, visibility map, statistics); the bench does it now
            System.out.printf(Locale.ROOT, "%n-- weekly report%n");
            System.out.printf(Locale.ROOT, "vacuum (analyze) daily_snapshot: %.1f s (not timed)%n", vacuumSnapshot());
            List<Report> reports = new ArrayList<>();
            for (int rep = 1; rep <= options.repeat; rep++) {
                Report r = weeklyReport(rep);
                reports.add(r);
                System.out.printf(Locale.ROOT, "report %d/%d: %.3f s (200 after %.3f s): %,d users, total %s, CSV "
                                + "%,d bytes (%,d rows)%n", rep, options.repeat, r.seconds(), r.httpSeconds(),
                        r.users(), r.total(), r.csvBytes(), r.csvRows());
            }

            String machineAfter = Bench.machine();
            System.out.println();
            System.out.print(table(runs, ref, copySeconds, reports, machineBefore, machineAfter));
            writeJson(jsonFile, runs, ref, copySeconds, reports, machineBefore, machineAfter);
            System.out.println("results written to " + display(jsonFile));
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private void startStack() {
        long records = options.records;
        // the demo-source keeps ~200 bytes a record (JSON + truth); room for generating them
        demoXmx = Math.max(256, 128 + records * 400 / 1_048_576) + "m";
        Stack.Options stackOptions = new Stack.Options(root, work, false, TOKEN, options.records, PAGE_SIZE,
                db.jdbcUrl(), db.username(), db.password())
                .with("demo-source", new Stack.Service(jvm("-Xmx" + demoXmx, "DEMO_JAVA_OPTS"),
                        Map.of("DEMO_USERS", Integer.toString(USERS))))
                .with("warehouse-service", new Stack.Service(jvm("-Xmx512m", "WAREHOUSE_JAVA_OPTS"), Map.of()))
                .with("ingest-service", new Stack.Service(jvm("-Xmx" + options.ingestXmx, "INGEST_JAVA_OPTS"),
                        Map.of("INGEST_SOURCE_SIZE_PARAM", "size",
                                "INGEST_SOURCE_PAGE_SIZE", Integer.toString(PAGE_SIZE),
                                "INGEST_BATCH_SIZE", Integer.toString(options.batchSize),
                                "INGEST_LOAD_IN_FLIGHT", Integer.toString(options.inFlight))))
                .with("report-service", new Stack.Service(jvm("-Xmx256m", "REPORT_JAVA_OPTS"), Map.of()));
        long t0 = System.nanoTime();
        try {
            stack = Stack.start(stackOptions, message -> System.out.println("stack: " + message));
        } catch (Stack.StepFailed e) {
            throw new IllegalStateException("the stack failed at step '" + e.step() + "': " + e.getMessage()
                    + (e.service() == null ? "" : "\nlast lines of " + display(e.service().log()) + ":\n"
                            + ServiceProcess.tail(e.service().log(), 40)), e);
        }
        System.out.printf(Locale.ROOT, "stack: everything ready in %.1f s (demo-source -Xmx%s, %,d records, pages "
                        + "of %,d, %,d users; warehouse -Xmx512m; ingest -Xmx%s, batch size %,d, in-flight %d; "
                        + "report -Xmx256m)%n", Bench.seconds(System.nanoTime() - t0), demoXmx, options.records,
                PAGE_SIZE, USERS, options.ingestXmx, options.batchSize, options.inFlight);
    }

    /** {@code base} and the options in the environment variable {@code env} (a later -Xmx there wins). */
    private List<String> jvm(String base, String env) {
        List<String> all = new ArrayList<>(List.of(base));
        if (!options.tiered) {
            all.add(Stack.Service.JIT);
        }
        all.addAll(ServiceProcess.optionsFrom(env));
        return all;
    }

    private synchronized void cleanUp() {
        Stack s = stack;
        stack = null;
        if (s != null) {
            s.close();
        }
        TestDatabase d = db;
        db = null;
        if (d != null) {
            d.close();
        }
    }

    private ServiceProcess process(String module) {
        ServiceProcess p = stack.process(module);
        if (p == null) {
            throw new IllegalStateException("the stack has no " + module);
        }
        return p;
    }

    // ---------------------------------------------------------------- one ingest run

    /**
     * Odd runs load into an empty snapshot (run 1 on freshly started JVMs, runs 3, 5, … after {@link #emptySnapshot}
     * with warm ones, like a long-running service meeting a new day's data); even runs repeat the same data.
     */
    private static boolean allNew(int number) {
        return number % 2 == 1;
    }

    /** What autovacuum does some time after a load, done now so the reports do not race it; returns seconds. */
    private double vacuumSnapshot() throws SQLException {
        long t0 = System.nanoTime();
        Bench.execute(db, "vacuum (analyze) daily_snapshot");
        return Bench.seconds(System.nanoTime() - t0);
    }

    /** Makes the next run's rows all new again: the bench's stand-in for a new day of data. */
    private void emptySnapshot() throws SQLException {
        Bench.execute(db, "truncate daily_snapshot");
    }

    private Run ingestRun(int number, String label) throws Exception {
        ServiceProcess in = process("ingest-service");
        ServiceProcess wh = process("warehouse-service");
        ServiceProcess demo = process("demo-source");
        boolean ingestReset = in.resetPeakRss();
        boolean warehouseReset = wh.resetPeakRss();
        String loadavgAtTrigger = ServiceProcess.Proc.loadavg();
        double ingestCpu0 = in.cpuSeconds();
        double warehouseCpu0 = wh.cpuSeconds();
        double postgresCpu0 = Bench.postgresCpuSeconds(postmasterPid);
        double demoCpu0 = demo.cpuSeconds();

        long start = System.nanoTime();
        HttpResponse<String> started = send(request(stack.ingest(), "/api/runs").timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("POST /api/runs answered " + started.statusCode() + " (expected 202): "
                    + started.body() + logTails());
        }
        String runId = JSON.readTree(started.body()).path("runId").asText(null);
        if (runId == null) {
            throw new IllegalStateException("POST /api/runs answered 202 without a runId: " + started.body());
        }
        long deadline = start + RUN_TIMEOUT.toNanos();
        JsonNode run;
        long end;
        while (true) {
            Thread.sleep(POLL_MILLIS); // another process's run: nothing to wait on but its answer
            if (!in.isAlive()) {
                throw new IllegalStateException("ingest exited with code " + in.exitValue() + " during run " + runId
                        + logTails());
            }
            HttpResponse<String> polled = send(request(stack.ingest(), "/api/runs/" + runId)
                    .timeout(Duration.ofSeconds(30)).GET().build());
            if (polled.statusCode() != 200) {
                throw new IllegalStateException("GET /api/runs/" + runId + " answered " + polled.statusCode() + ": "
                        + polled.body());
            }
            run = JSON.readTree(polled.body());
            if (!"RUNNING".equals(run.path("status").asText())) {
                end = System.nanoTime();
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + runId + " still RUNNING after " + RUN_TIMEOUT.toMinutes()
                        + " min: " + polled.body() + logTails());
            }
        }
        double ingestCpu = in.cpuSeconds() - ingestCpu0;
        double warehouseCpu = wh.cpuSeconds() - warehouseCpu0;
        double postgresCpu = Bench.postgresCpuSeconds(postmasterPid) - postgresCpu0;
        double demoCpu = demo.cpuSeconds() - demoCpu0;
        String loadavgAtEnd = ServiceProcess.Proc.loadavg();
        double ingestPeak = Bench.mib(in.peakRssKiB());
        double warehousePeak = Bench.mib(wh.peakRssKiB());

        if (!"SUCCEEDED".equals(run.path("status").asText())) {
            throw new IllegalStateException("run " + runId + " ended " + run.path("status").asText() + ": "
                    + run.path("error").asText() + "\nrun: " + run + logTails());
        }
        List<String> problems = new ArrayList<>();
        for (String count : List.of("fetched", "loaded", "rejected", "duplicates")) {
            if (run.path(count).asLong(-1) != expected.path(count).asLong(-2)) {
                problems.add(count + " " + run.path(count) + ", expected " + expected.path(count));
            }
        }
        long fetched = run.path("fetched").asLong();
        long loaded = run.path("loaded").asLong();
        long rejected = run.path("rejected").asLong();
        long duplicates = run.path("duplicates").asLong();
        if (fetched != loaded + rejected + duplicates) {
            problems.add("fetched " + fetched + " != loaded " + loaded + " + rejected " + rejected + " + duplicates "
                    + duplicates);
        }
        // the warehouse's side: a load into an empty snapshot inserts every row, a repeat finds every row unchanged
        String loadId = run.path("loadId").asText(null);
        JsonNode load = loadId == null ? JSON.createObjectNode() : get(stack.warehouse(), "/api/loads/" + loadId);
        long inserted = load.path("inserted").asLong(-1);
        long updated = load.path("updated").asLong(-1);
        long unchanged = load.path("unchanged").asLong(-1);
        if (!"COMMITTED".equals(load.path("status").asText())) {
            problems.add("load " + loadId + " is " + load.path("status").asText("missing") + ", expected COMMITTED");
        } else if (allNew(number) && (inserted != loaded || updated != 0 || unchanged != 0)) {
            problems.add("load into an empty snapshot: inserted " + inserted + ", updated " + updated
                    + ", unchanged " + unchanged + "; expected all " + loaded + " inserted");
        } else if (!allNew(number) && (unchanged != loaded || inserted != 0 || updated != 0)) {
            problems.add("repeat of the same data: inserted " + inserted + ", updated " + updated + ", unchanged "
                    + unchanged + "; expected all " + loaded + " unchanged");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("run " + runId + " is wrong: " + String.join("; ", problems) + "\nrun: "
                    + run + "\nload: " + load + logTails());
        }
        double runSeconds = -1;
        try {
            runSeconds = Duration.between(Instant.parse(run.path("startedAt").asText()),
                    Instant.parse(run.path("finishedAt").asText())).toNanos() / 1e9;
        } catch (DateTimeParseException e) {
            // reported as n/a
        }
        return new Run(number, label, runId, loadId, run.path("pages").asInt(-1), fetched, loaded, rejected,
                duplicates, run.path("retries").asInt(-1), inserted, updated, unchanged, Bench.seconds(end - start),
                runSeconds, ingestPeak, ingestReset, warehousePeak, warehouseReset, ingestCpu, warehouseCpu,
                postgresCpu, demoCpu, loadavgAtTrigger, loadavgAtEnd);
    }

    /** The last lines of ingest's and the warehouse's logs, for a failure message. */
    private String logTails() {
        StringBuilder sb = new StringBuilder();
        for (String module : List.of("ingest-service", "warehouse-service")) {
            ServiceProcess p = stack.process(module);
            if (p != null) {
                sb.append("\nlast lines of ").append(display(p.log())).append(":\n")
                        .append(ServiceProcess.tail(p.log(), 40));
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- the reference COPY

    /** daily_snapshot's rows as COPY text, in chunks of about 1 MiB. */
    private Reference exportSnapshot() throws SQLException, IOException {
        long t0 = System.nanoTime();
        long expectedRows = expected.path("loaded").asLong();
        List<byte[]> chunks = new ArrayList<>();
        long bytes = 0;
        long rows;
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*), count(distinct id) from daily_snapshot")) {
                rs.next();
                if (rs.getLong(1) != expectedRows || rs.getLong(2) != expectedRows) {
                    throw new IllegalStateException("daily_snapshot holds " + rs.getLong(1) + " rows ("
                            + rs.getLong(2) + " distinct ids), expected " + expectedRows);
                }
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            CopyOut out = copy.copyOut("copy (select " + Bench.SNAPSHOT_COLUMNS + " from daily_snapshot) to stdout");
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 20);
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                chunk.write(row);
                if (chunk.size() >= (1 << 20) - 4096) {
                    chunks.add(chunk.toByteArray());
                    bytes += chunk.size();
                    chunk.reset();
                }
            }
            if (chunk.size() > 0) {
                chunks.add(chunk.toByteArray());
                bytes += chunk.size();
            }
            rows = out.getHandledRowCount();
        }
        if (rows != expectedRows) {
            throw new IllegalStateException("COPY TO read " + rows + " rows of daily_snapshot, expected " + expectedRows);
        }
        return new Reference(chunks, rows, bytes, Bench.seconds(System.nanoTime() - t0));
    }

    /** One timed plain COPY of the reference rows into a fresh table shaped like daily_snapshot; its seconds. */
    private double referenceCopy(Reference ref) throws SQLException {
        try (Connection c = db.connect()) {
            Bench.createSnapshotLikeTable(c, "reference_snapshot");
            try {
                Bench.checkpoint(db);
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                long t0 = System.nanoTime();
                CopyIn in = copy.copyIn("copy reference_snapshot (" + Bench.SNAPSHOT_COLUMNS + ") from stdin");
                try {
                    for (byte[] chunk : ref.chunks()) {
                        in.writeToCopy(chunk, 0, chunk.length);
                    }
                    long rows = in.endCopy();
                    double elapsed = Bench.seconds(System.nanoTime() - t0);
                    if (rows != ref.rows()) {
                        throw new IllegalStateException("reference COPY wrote " + rows + " rows, expected " + ref.rows());
                    }
                    return elapsed;
                } finally {
                    if (in.isActive()) {
                        in.cancelCopy();
                    }
                }
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("drop table if exists reference_snapshot");
                }
            }
        }
    }

    // ---------------------------------------------------------------- the weekly report

    private Report weeklyReport(int number) throws Exception {
        LocalDate end = weekStart.plusDays(7);
        ObjectNode body = JSON.createObjectNode();
        body.put("end", end.toString());
        body.putArray("to").add(REPORT_TO);
        body.put("force", true);
        String json = JSON.writeValueAsString(body);
        int before = stack.smtp().getReceivedMessages().length;

        long t0 = System.nanoTime();
        HttpResponse<String> answer = send(request(stack.report(), "/api/reports/weekly")
                .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        long t1 = System.nanoTime();
        if (answer.statusCode() != 200) {
            ServiceProcess p = stack.process("report-service");
            throw new IllegalStateException("POST /api/reports/weekly " + json + " answered " + answer.statusCode()
                    + ": " + answer.body() + (p == null ? "" : "\nlast lines of " + display(p.log()) + ":\n"
                    + ServiceProcess.tail(p.log(), 40)));
        }
        MimeMessage[] received;
        long deadline = t0 + MAIL_TIMEOUT.toNanos();
        while ((received = stack.smtp().getReceivedMessages()).length <= before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("report answered 200 (" + answer.body() + ") but no mail arrived within "
                        + MAIL_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(1); // GreenMail is in this process, but offers no wait for one more message
        }
        long t2 = System.nanoTime();

        JsonNode r = JSON.readTree(answer.body());
        MimeMessage mail = received[before];
        List<String> problems = new ArrayList<>();
        Address[] recipients = mail.getAllRecipients();
        if (recipients == null || recipients.length != 1 || !REPORT_TO.equalsIgnoreCase(recipients[0].toString())) {
            problems.add("the mail went to " + (recipients == null ? "nobody" : List.of(recipients)) + ", expected "
                    + REPORT_TO);
        }
        String csv = StackClient.csvAttachment(mail);
        int csvRows = (int) csv.lines().count() - 1;
        long users = r.path("users").asLong(-1);
        if (users != expectedSpend.path("users").asLong(-2)) {
            problems.add("users " + users + ", expected " + expectedSpend.path("users"));
        }
        if (!decimalEquals(r.path("total").asText(), expectedSpend.path("total").asText())) {
            problems.add("total " + r.path("total").asText() + ", expected " + expectedSpend.path("total").asText());
        }
        if (csvRows != users) {
            problems.add("the CSV has " + csvRows + " rows for " + users + " users");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("weekly report " + number + " is wrong: " + String.join("; ", problems)
                    + "\nanswer: " + answer.body());
        }
        return new Report(number, Bench.seconds(t2 - t0), Bench.seconds(t1 - t0), users, r.path("total").asText(),
                csv.getBytes(StandardCharsets.UTF_8).length, csvRows);
    }

    private static boolean decimalEquals(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- HTTP

    private HttpRequest.Builder request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(URI base, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request(base, path).timeout(Duration.ofMinutes(1)).GET().build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + base.resolve(path) + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    // ---------------------------------------------------------------- reporting

    private String table(List<Run> runs, Reference ref, List<Double> copySeconds, List<Report> reports,
            String machineBefore, String machineAfter) {
        double copyMedian = Bench.median(copySeconds);
        StringBuilder sb = new StringBuilder();
        sb.append("Pipeline benchmark\n");
        sb.append(String.format(Locale.ROOT, "  demo-source: %,d records, pages of %,d, %,d users; expected fetched "
                        + "%,d = loaded %,d + rejected %,d + duplicates %,d%n", options.records, PAGE_SIZE, USERS,
                expected.path("fetched").asLong(), expected.path("loaded").asLong(), expected.path("rejected").asLong(),
                expected.path("duplicates").asLong()));
        sb.append(String.format(Locale.ROOT, "  ingest -Xmx%s (RSS %.1f MiB after start), batch size %,d, in-flight "
                        + "%d; warehouse -Xmx512m; demo-source -Xmx%s; report -Xmx256m; JIT %s%n", options.ingestXmx,
                ingestStartRssMiB, options.batchSize, options.inFlight, demoXmx,
                options.tiered ? "tiered (C1 + C2)" : "C1 only"));
        sb.append(String.format(Locale.ROOT, "  reference: plain COPY of daily_snapshot's %,d rows (%.1f MiB text) "
                + "into an empty table with its columns, primary key and index%n", ref.rows(), ref.bytes() / 1048576.0));
        Report lastReport = reports.get(reports.size() - 1);
        sb.append(String.format(Locale.ROOT, "  weekly report %s – %s to %s: %,d users, total %s, CSV %,d bytes%n",
                weekStart, weekStart.plusDays(6), REPORT_TO, lastReport.users(), lastReport.total(),
                lastReport.csvBytes()));
        sb.append("  machine (start): ").append(machineBefore).append('\n');
        sb.append("  machine (end):   ").append(machineAfter).append('\n');
        sb.append('\n');

        List<String[]> rows = new ArrayList<>();
        int n = runs.size();
        header(rows, runs);
        numberRow(rows, runs, "ingest run s (trigger -> SUCCEEDED)", "%.2f", Run::clientSeconds);
        numberRow(rows, runs, "  run's own startedAt -> finishedAt s", "%.2f", Run::runSeconds);
        numberRow(rows, runs, "records/s (fetched / run s)", "%,.0f", Run::recordsPerSecond);
        valuesRow(rows, n, "reference COPY s", "%.2f", copySeconds);
        numberRow(rows, runs, "ratio to COPY (run s / median COPY s)", "%.2fx", r -> r.clientSeconds() / copyMedian);
        numberRow(rows, runs, "ingest peak RSS MiB (VmHWM)", "%.1f", Run::ingestPeakRssMiB);
        numberRow(rows, runs, "warehouse peak RSS MiB (VmHWM)", "%.1f", Run::warehousePeakRssMiB);
        numberRow(rows, runs, "CPU s ingest", "%.1f", Run::ingestCpu);
        numberRow(rows, runs, "CPU s warehouse", "%.1f", Run::warehouseCpu);
        numberRow(rows, runs, "CPU s postgres", "%.1f", Run::postgresCpu);
        numberRow(rows, runs, "CPU s demo-source", "%.1f", Run::demoCpu);
        valuesRow(rows, n, "weekly report s (POST -> mail received)", "%.3f",
                reports.stream().map(Report::seconds).toList());
        textRow(rows, runs, "loaded / rejected / duplicates", r -> String.format(Locale.ROOT, "%,d / %,d / %,d",
                r.loaded(), r.rejected(), r.duplicates()));
        textRow(rows, runs, "warehouse inserted / updated / unchanged", r -> String.format(Locale.ROOT,
                "%,d / %,d / %,d", r.inserted(), r.updated(), r.unchanged()));
        textRow(rows, runs, "loadavg at trigger", Run::loadavgAtTrigger);

        int[] width = new int[n + 2];
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
        boolean reset = runs.stream().allMatch(r -> r.ingestPeakReset() && r.warehousePeakReset());
        if (!reset) {
            sb.append("  note: VmHWM could not be reset (clear_refs refused): peak RSS covers the process's whole life\n");
        }
        return sb.toString();
    }

    private static void header(List<String[]> rows, List<Run> runs) {
        String[] row = new String[runs.size() + 2];
        row[0] = "repetition";
        for (int i = 0; i < runs.size(); i++) {
            row[i + 1] = "#" + runs.get(i).number() + " " + runs.get(i).label();
        }
        row[runs.size() + 1] = "median";
        rows.add(row);
    }

    private static void numberRow(List<String[]> rows, List<Run> runs, String name, String format,
            ToDoubleFunction<Run> value) {
        valuesRow(rows, runs.size(), name, format, runs.stream().map(r -> value.applyAsDouble(r)).toList());
    }

    private static void valuesRow(List<String[]> rows, int n, String name, String format, List<Double> values) {
        String[] row = new String[n + 2];
        row[0] = name;
        for (int i = 0; i < n; i++) {
            row[i + 1] = i < values.size() ? Bench.fmt(format, values.get(i)) : "";
        }
        row[n + 1] = Bench.fmt(format, Bench.median(values));
        rows.add(row);
    }

    private static void textRow(List<String[]> rows, List<Run> runs, String name, Function<Run, String> value) {
        String[] row = new String[runs.size() + 2];
        row[0] = name;
        for (int i = 0; i < runs.size(); i++) {
            row[i + 1] = value.apply(runs.get(i));
        }
        row[runs.size() + 1] = "";
        rows.add(row);
    }


    private void writeJson(Path file, List<Run> runs, Reference ref, List<Double> copySeconds, List<Report> reports,
            String machineBefore, String machineAfter) throws IOException {
        double copyMedian = Bench.median(copySeconds);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("benchmark", "pipeline");
        doc.put("at", Instant.now().toString());
        ObjectNode machine = doc.putObject("machine");
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        machine.put("loadavgStart", loadavgStart);
        machine.put("loadavgEnd", ServiceProcess.Proc.loadavg());
        machine.put("start", machineBefore);
        machine.put("end", machineAfter);
        machine.put("java", System.getProperty("java.version"));
        ObjectNode p = doc.putObject("parameters");
        p.put("records", options.records);
        p.put("pageSize", PAGE_SIZE);
        p.put("users", USERS);
        p.put("repeat", options.repeat);
        p.put("batchSize", options.batchSize);
        p.put("inFlight", options.inFlight);
        p.put("ingestXmx", options.ingestXmx);
        p.put("jit", options.tiered ? "tiered" : "c1");
        p.put("warehouseXmx", "512m");
        p.put("demoSourceXmx", demoXmx);
        p.put("reportXmx", "256m");
        doc.set("expected", expected);
        doc.put("ingestRssAfterStartMiB", Bench.round(ingestStartRssMiB));

        ArrayNode runArray = doc.putArray("runs");
        for (Run r : runs) {
            ObjectNode o = runArray.addObject();
            o.put("number", r.number());
            o.put("label", r.number() == 1 ? "first" : allNew(r.number()) ? "new-again" : "repeat");
            o.put("description", r.label());
            o.put("runId", r.runId());
            o.put("loadId", r.loadId());
            o.put("pages", r.pages());
            o.put("fetched", r.fetched());
            o.put("loaded", r.loaded());
            o.put("rejected", r.rejected());
            o.put("duplicates", r.duplicates());
            o.put("retries", r.retries());
            o.put("inserted", r.inserted());
            o.put("updated", r.updated());
            o.put("unchanged", r.unchanged());
            o.put("seconds", Bench.round(r.clientSeconds()));
            o.put("runSeconds", Bench.round(r.runSeconds()));
            o.put("recordsPerSecond", Math.round(r.recordsPerSecond()));
            o.put("ratioToCopy", Bench.round(r.clientSeconds() / copyMedian));
            o.put("ingestPeakRssMiB", Bench.round(r.ingestPeakRssMiB()));
            o.put("ingestPeakRssIsPerRun", r.ingestPeakReset());
            o.put("warehousePeakRssMiB", Bench.round(r.warehousePeakRssMiB()));
            o.put("warehousePeakRssIsPerRun", r.warehousePeakReset());
            ObjectNode cpu = o.putObject("cpuSeconds");
            cpu.put("ingest", Bench.round(r.ingestCpu()));
            cpu.put("warehouse", Bench.round(r.warehouseCpu()));
            cpu.put("postgres", Bench.round(r.postgresCpu()));
            cpu.put("demoSource", Bench.round(r.demoCpu()));
            o.put("loadavgAtTrigger", r.loadavgAtTrigger());
            o.put("loadavgAtEnd", r.loadavgAtEnd());
        }

        ObjectNode reference = doc.putObject("reference");
        reference.put("rows", ref.rows());
        reference.put("bytes", ref.bytes());
        ArrayNode seconds = reference.putArray("seconds");
        copySeconds.forEach(s -> seconds.add(Bench.round(s)));
        reference.put("medianSeconds", Bench.round(copyMedian));
        reference.put("rowsPerSecond", Math.round(ref.rows() / copyMedian));

        ArrayNode reportArray = doc.putArray("reports");
        for (Report r : reports) {
            ObjectNode o = reportArray.addObject();
            o.put("number", r.number());
            o.put("seconds", Bench.round(r.seconds()));
            o.put("httpSeconds", Bench.round(r.httpSeconds()));
            o.put("users", r.users());
            o.put("total", r.total());
            o.put("csvBytes", r.csvBytes());
            o.put("csvRows", r.csvRows());
        }

        ObjectNode median = doc.putObject("median");
        median.put("seconds", Bench.round(Bench.median(values(runs, Run::clientSeconds))));
        median.put("recordsPerSecond", Math.round(Bench.median(values(runs, Run::recordsPerSecond))));
        median.put("referenceCopySeconds", Bench.round(copyMedian));
        median.put("ratioToCopy", Bench.round(Bench.median(values(runs, Run::clientSeconds)) / copyMedian));
        median.put("ingestPeakRssMiB", Bench.round(Bench.median(values(runs, Run::ingestPeakRssMiB))));
        median.put("warehousePeakRssMiB", Bench.round(Bench.median(values(runs, Run::warehousePeakRssMiB))));
        ObjectNode cpu = median.putObject("cpuSeconds");
        cpu.put("ingest", Bench.round(Bench.median(values(runs, Run::ingestCpu))));
        cpu.put("warehouse", Bench.round(Bench.median(values(runs, Run::warehouseCpu))));
        cpu.put("postgres", Bench.round(Bench.median(values(runs, Run::postgresCpu))));
        cpu.put("demoSource", Bench.round(Bench.median(values(runs, Run::demoCpu))));
        median.put("reportSeconds", Bench.round(Bench.median(reports.stream().map(Report::seconds).toList())));

        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), doc);
    }

    private static List<Double> values(List<Run> runs, ToDoubleFunction<Run> value) {
        return runs.stream().map(r -> value.applyAsDouble(r)).toList();
    }

    private String display(Path p) {
        Path abs = p.toAbsolutePath();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

}
