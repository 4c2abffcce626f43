package io.dailyetl.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Warehouse load benchmark: how long the warehouse's load API (open, stage batches, commit) takes to land N
 * records in {@code daily_snapshot}, next to a plain PostgreSQL {@code COPY} of the same distinct rows into an
 * identical table in the same database. See bench/README.md.
 *
 * <p>Run from the repository root (the {@code bench/warehouse-load} launcher does this).
 */
public final class WarehouseLoadBench {

    private static final String TOKEN = Bench.TOKEN;
    private static final long SEED = 20261116L;
    private static final int USERS = 20_000;
    private static final long WEEK_START = Instant.parse("2026-11-16T00:00:00Z").getEpochSecond();
    private static final int WEEK_SECONDS = 7 * 24 * 3600;
    private static final String[] ATTRIBUTES = {
            "{\"channel\":\"web\",\"tags\":[\"a\"]}",
            "{\"channel\":\"app\",\"tags\":[\"a\",\"b\"]}",
            "{\"channel\":\"pos\",\"tags\":[]}",
            "{\"channel\":\"web\",\"tags\":[\"b\"],\"coupon\":\"NOV26\"}",
    };
    private static final String[] CHANNELS = {"web", "app", "pos", "web"};
    private static final String[][] TAGS = {{"a"}, {"a", "b"}, {}, {"b"}};
    private static final JsonFactory JSON = new JsonFactory();

    // ---------------------------------------------------------------- options

    static final class Options {
        int records = 1_000_000;
        int batchSize = 5_000;
        int inFlight = 2;
        double duplicates = 0.2;
        int repeat = 1;
        Path json;
        boolean keepDb;

        static Options parse(String[] args) {
            Options o = new Options();
            Bench.Args in = new Bench.Args(args, Options::usage);
            while (in.next()) {
                switch (in.option()) {
                    case "--records" -> o.records = in.positiveInt();
                    case "--batch-size" -> o.batchSize = in.positiveInt();
                    case "--in-flight" -> o.inFlight = in.positiveInt();
                    case "--repeat" -> o.repeat = in.positiveInt();
                    case "--duplicates" -> {
                        String v = in.value();
                        try {
                            o.duplicates = Double.parseDouble(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--duplicates: not a number: " + v);
                        }
                        if (!(o.duplicates >= 0 && o.duplicates < 1)) {
                            throw new IllegalArgumentException("--duplicates: must be in [0, 1), got " + v);
                        }
                    }
                    case "--json" -> o.json = in.path();
                    case "--keep-db" -> o.keepDb = true;
                    default -> in.common();
                }
            }
            return o;
        }

        static String usage() {
            return """
                    usage: bench/warehouse-load [--no-build] [options]
                      --records N       records to load (default 1000000)
                      --batch-size N    records per PUT batch (default 5000)
                      --in-flight N     concurrent batch PUTs (default 2)
                      --duplicates F    fraction of records that repeat an earlier id (default 0.2)
                      --repeat N        API load + reference COPY repetitions (default 1)
                      --json FILE       also write the results as JSON
                      --keep-db         leave PostgreSQL running at the end until Enter / Ctrl-C
                    """;
        }
    }

    // ---------------------------------------------------------------- data set

    /** The generated records, kept as columns; the last occurrence of an id decides its final amount. */
    static final class DataSet {
        final int records;
        final int distinct;
        final int[] recordKey;      // per record: the id number k of "tx-<k>"
        final long[] recordCents;   // per record: its amount in cents
        final int[] userOf;         // per id k
        final long[] createdAtOf;   // per id k, epoch seconds
        final boolean[] refundedOf; // per id k
        final byte[] attributesOf;  // per id k, index into ATTRIBUTES
        final long[] lastCentsOf;   // per id k, the amount of its last occurrence

        private DataSet(int records, int distinct, int[] recordKey, long[] recordCents, int[] userOf,
                long[] createdAtOf, boolean[] refundedOf, byte[] attributesOf, long[] lastCentsOf) {
            this.records = records;
            this.distinct = distinct;
            this.recordKey = recordKey;
            this.recordCents = recordCents;
            this.userOf = userOf;
            this.createdAtOf = createdAtOf;
            this.refundedOf = refundedOf;
            this.attributesOf = attributesOf;
            this.lastCentsOf = lastCentsOf;
        }

        static DataSet generate(int n, double duplicates) {
            SplittableRandom random = new SplittableRandom(SEED);
            int[] recordKey = new int[n];
            long[] recordCents = new long[n];
            int[] userOf = new int[n];
            long[] createdAtOf = new long[n];
            boolean[] refundedOf = new boolean[n];
            byte[] attributesOf = new byte[n];
            long[] lastCentsOf = new long[n];
            int distinct = 0;
            for (int r = 0; r < n; r++) {
                long cents = 1 + random.nextLong(50_000); // 0.01 .. 500.00
                if (distinct > 0 && random.nextDouble() < duplicates) {
                    // a later copy of an earlier id: same transaction, changed amount
                    int k = random.nextInt(distinct);
                    if (cents == lastCentsOf[k]) {
                        cents = cents % 50_000 + 1;
                    }
                    recordKey[r] = k;
                    lastCentsOf[k] = cents;
                } else {
                    int k = distinct++;
                    recordKey[r] = k;
                    userOf[k] = random.nextInt(USERS);
                    createdAtOf[k] = WEEK_START + random.nextInt(WEEK_SECONDS);
                    refundedOf[k] = random.nextInt(10) == 0;
                    attributesOf[k] = (byte) random.nextInt(ATTRIBUTES.length);
                    lastCentsOf[k] = cents;
                }
                recordCents[r] = cents;
            }
            return new DataSet(n, distinct, recordKey, recordCents, userOf, createdAtOf, refundedOf, attributesOf,
                    lastCentsOf);
        }

        /** JSON bodies of the PUT batches, rendered once before anything is timed. */
        List<byte[]> batchBodies(int batchSize) {
            List<byte[]> bodies = new ArrayList<>((records + batchSize - 1) / batchSize);
            for (int from = 0; from < records; from += batchSize) {
                int to = Math.min(records, from + batchSize);
                ByteArrayOutputStream out = new ByteArrayOutputStream((to - from) * 180);
                try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                    g.writeStartObject();
                    g.writeArrayFieldStart("records");
                    for (int r = from; r < to; r++) {
                        int k = recordKey[r];
                        g.writeStartObject();
                        g.writeStringField("id", "tx-" + k);
                        g.writeStringField("userId", "u-" + userOf[k]);
                        g.writeStringField("amount", amount(recordCents[r]));
                        g.writeStringField("status", refundedOf[k] ? "refunded" : "active");
                        g.writeStringField("createdAt", Instant.ofEpochSecond(createdAtOf[k]).toString());
                        g.writeObjectFieldStart("attributes");
                        int a = attributesOf[k];
                        g.writeStringField("channel", CHANNELS[a]);
                        g.writeArrayFieldStart("tags");
                        for (String tag : TAGS[a]) {
                            g.writeString(tag);
                        }
                        g.writeEndArray();
                        if (a == 3) {
                            g.writeStringField("coupon", "NOV26");
                        }
                        g.writeEndObject();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("rejects");
                    g.writeEndArray();
                    g.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                bodies.add(out.toByteArray());
            }
            return bodies;
        }

        /**
         * COPY text (tab-separated, one row per distinct id, its last version) for all of daily_snapshot's columns,
         * in chunks of about 1 MiB. No value needs escaping: ids, users, statuses, instants and the JSON contain
         * no tab, newline or backslash.
         */
        List<byte[]> copyChunks(String loadId, String seenAt) {
            List<byte[]> chunks = new ArrayList<>();
            StringBuilder sb = new StringBuilder(1 << 20);
            for (int k = 0; k < distinct; k++) {
                sb.append("tx-").append(k).append('\t')
                        .append("u-").append(userOf[k]).append('\t')
                        .append(amount(lastCentsOf[k])).append('\t')
                        .append(refundedOf[k] ? "refunded" : "active").append('\t')
                        .append(Instant.ofEpochSecond(createdAtOf[k])).append('\t')
                        .append(ATTRIBUTES[attributesOf[k]]).append('\t')
                        .append(loadId).append('\t')
                        .append(seenAt).append('\t')
                        .append(seenAt).append('\n');
                if (sb.length() >= (1 << 20) - 512) {
                    chunks.add(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            if (sb.length() > 0) {
                chunks.add(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            return chunks;
        }

        private static String amount(long cents) {
            long units = cents / 100;
            int rest = (int) (cents % 100);
            return units + (rest < 10 ? ".0" : ".") + rest;
        }
    }

    // ---------------------------------------------------------------- results

    record ApiResult(String loadId, int batches, double openSeconds, double stagingSeconds, double commitSeconds,
            double totalSeconds, long inserted, long updated, long unchanged, long duplicates, long rejects) {
    }

    record Repetition(int number, String label, ApiResult api, double referenceSeconds, long referenceRows) {
    }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) {
        Bench.main(() -> new WarehouseLoadBench(Options.parse(args))::run);
    }

    private final Options options;
    private final Path root = Path.of("").toAbsolutePath();
    private final Path results = root.resolve("bench/results");
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private volatile ServiceProcess warehouse;
    private volatile TestDatabase db;
    private URI base;
    private String loadavgStart;

    private WarehouseLoadBench(Options options) {
        this.options = options;
    }

    private void run() throws Exception {
        Path jar = root.resolve("warehouse-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it (bench/warehouse-load without --no-build "
                    + "does) and run from the repository root");
        }
        Files.createDirectories(results);
        loadavgStart = ServiceProcess.Proc.loadavg();
        String machineBefore = Bench.machine();
        System.out.println("machine: " + machineBefore);

        Thread hook = new Thread(this::cleanUp, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // 1. the data, and every request body, before anything is timed
            long t0 = System.nanoTime();
            DataSet data = DataSet.generate(options.records, options.duplicates);
            List<byte[]> bodies = data.batchBodies(options.batchSize);
            long bodyBytes = bodies.stream().mapToLong(b -> b.length).sum();
            String referenceLoadId = "00000000-0000-0000-0000-00000000be7c";
            String seenAt = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString();
            List<byte[]> copy = data.copyChunks(referenceLoadId, seenAt);
            long copyBytes = copy.stream().mapToLong(b -> b.length).sum();
            System.out.printf(Locale.ROOT, "data: %,d records, %,d distinct ids, %,d duplicates, %d batches of %,d "
                            + "(%.1f MiB JSON), COPY text %.1f MiB, prepared in %.1f s%n",
                    data.records, data.distinct, data.records - data.distinct, bodies.size(), options.batchSize,
                    bodyBytes / 1048576.0, copyBytes / 1048576.0, Bench.seconds(System.nanoTime() - t0));

            // 2. PostgreSQL and the warehouse
            t0 = System.nanoTime();
            db = TestDatabase.startEmbedded(0);
            System.out.printf(Locale.ROOT, "postgres: %s (started in %.1f s)%n", db.jdbcUrl(),
                    Bench.seconds(System.nanoTime() - t0));
            startWarehouse(jar);

            // 3. the repetitions
            List<Repetition> repetitions = new ArrayList<>();
            for (int rep = 1; rep <= options.repeat; rep++) {
                String label = rep == 1 ? "first (all new)" : "repeat (all unchanged)";
                System.out.printf(Locale.ROOT, "%n-- repetition %d/%d: %s%n", rep, options.repeat, label);
                checkpoint();
                ApiResult api = apiLoad(data, bodies, rep);
                verify(api, data, rep == 1);
                System.out.printf(Locale.ROOT, "api load %s: staging %.2f s, commit %.2f s, total %.2f s; "
                                + "inserted %,d, updated %,d, unchanged %,d, duplicates %,d%n",
                        api.loadId(), api.stagingSeconds(), api.commitSeconds(), api.totalSeconds(),
                        api.inserted(), api.updated(), api.unchanged(), api.duplicates());
                checkpoint();
                double ref = referenceCopy(copy, data.distinct);
                System.out.printf(Locale.ROOT, "reference COPY: %,d rows in %.2f s%n", data.distinct, ref);
                repetitions.add(new Repetition(rep, label, api, ref, data.distinct));
            }

            String machineAfter = Bench.machine();
            String report = table(data, repetitions, machineBefore, machineAfter);
            System.out.println();
            System.out.print(report);
            if (options.json != null) {
                writeJson(options.json, data, repetitions, machineBefore, machineAfter);
                System.out.println("results written to " + options.json.toAbsolutePath());
            }
            if (options.keepDb) {
                stopWarehouse();
                System.out.println();
                System.out.println("--keep-db: PostgreSQL stays up at " + db.jdbcUrl() + " (user " + db.username()
                        + ", password " + db.password() + "); press Enter (or Ctrl-C) to stop it.");
                System.in.read();
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

    // ---------------------------------------------------------------- warehouse process

    private void startWarehouse(Path jar) throws Exception {
        int port = ServiceProcess.freePort();
        base = URI.create("http://localhost:" + port);
        Path log = results.resolve("warehouse.log");
        // extra JVM options for the warehouse, e.g. a JFR recording: WAREHOUSE_JAVA_OPTS="-XX:StartFlightRecording=..."
        warehouse = ServiceProcess.start("warehouse", root, jar, port, List.of("-Xmx512m", io.dailyetl.devstack.Stack.Service.JIT), "WAREHOUSE_JAVA_OPTS",
                Map.of("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                        "QUARKUS_DATASOURCE_USERNAME", db.username(),
                        "QUARKUS_DATASOURCE_PASSWORD", db.password(),
                        "PIPELINE_API_TOKEN", TOKEN,
                        "QUARKUS_HTTP_PORT", Integer.toString(port)),
                log);
        warehouse.awaitReady(http, Duration.ofSeconds(60));
    }

    private void stopWarehouse() {
        ServiceProcess p = warehouse;
        if (p == null) {
            return;
        }
        warehouse = null;
        p.stop();
    }

    private synchronized void cleanUp() {
        stopWarehouse();
        TestDatabase d = db;
        db = null;
        if (d != null) {
            d.close();
        }
    }

    // ---------------------------------------------------------------- the API load

    private ApiResult apiLoad(DataSet data, List<byte[]> bodies, int rep) throws Exception {
        String runId = "bench-" + Instant.now().toEpochMilli() + "-" + rep;
        long start = System.nanoTime();
        HttpResponse<String> opened = send(post("/api/loads",
                "{\"source\":\"bench\",\"runId\":\"" + runId + "\"}"));
        expect(opened, 201, "POST /api/loads");
        String loadId = Bench.fields(opened.body()).get("loadId");
        if (loadId == null) {
            throw new IllegalStateException("POST /api/loads answered without a loadId: " + opened.body());
        }
        long stagingStart = System.nanoTime();

        int batches = bodies.size();
        AtomicInteger nextSeq = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.inFlight, r -> {
            Thread t = new Thread(r, "bench-put");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < options.inFlight; w++) {
                workers.add(pool.submit(() -> {
                    int seq;
                    while (failure.get() == null && (seq = nextSeq.getAndIncrement()) < batches) {
                        String what = "PUT /api/loads/" + loadId + "/batches/" + seq;
                        try {
                            HttpRequest put = request("/api/loads/" + loadId + "/batches/" + seq)
                                    .timeout(Duration.ofMinutes(5))
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bodies.get(seq)))
                                    .build();
                            HttpResponse<String> r = http.send(put, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                failure.compareAndSet(null, what + " answered " + r.statusCode() + " "
                                        + r.headers().firstValue("Content-Type").orElse("") + ": " + r.body());
                            }
                        } catch (Exception e) {
                            failure.compareAndSet(null, what + " failed: " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long stagingEnd = System.nanoTime();
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }

        HttpResponse<String> committed = send(post("/api/loads/" + loadId + "/commit",
                "{\"batches\":" + batches + ",\"records\":" + data.records + ",\"rejects\":0}"));
        long end = System.nanoTime();
        expect(committed, 200, "POST /api/loads/" + loadId + "/commit");
        Map<String, String> c = Bench.fields(committed.body());
        if (!"COMMITTED".equals(c.get("status"))) {
            throw new IllegalStateException("commit answered 200 but not COMMITTED: " + committed.body());
        }
        return new ApiResult(loadId, batches, Bench.seconds(stagingStart - start), Bench.seconds(stagingEnd - stagingStart),
                Bench.seconds(end - stagingEnd), Bench.seconds(end - start), count(c, "inserted", committed),
                count(c, "updated", committed), count(c, "unchanged", committed), count(c, "duplicates", committed),
                count(c, "rejects", committed));
    }

    private static void verify(ApiResult api, DataSet data, boolean first) {
        List<String> problems = new ArrayList<>();
        long landed = api.inserted() + api.updated() + api.unchanged();
        if (landed != data.distinct) {
            problems.add("inserted + updated + unchanged = " + landed + ", expected " + data.distinct + " distinct ids");
        }
        if (api.duplicates() != data.records - data.distinct) {
            problems.add("duplicates = " + api.duplicates() + ", expected " + (data.records - data.distinct));
        }
        if (api.rejects() != 0) {
            problems.add("rejects = " + api.rejects() + ", expected 0");
        }
        if (first && api.inserted() != data.distinct) {
            problems.add("first load into an empty snapshot: inserted = " + api.inserted() + ", expected "
                    + data.distinct);
        }
        if (!first && api.unchanged() != data.distinct) {
            problems.add("repeat of the same data: unchanged = " + api.unchanged() + ", expected " + data.distinct);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the warehouse's commit counts are wrong: " + String.join("; ", problems)
                    + " (" + api + ")");
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private HttpRequest post(String path, String json) {
        return request(path).timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + " "
                    + r.headers().firstValue("Content-Type").orElse("") + " (expected " + status + "): " + r.body());
        }
    }



    private static long count(Map<String, String> fields, String name, HttpResponse<String> r) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalStateException("commit answer has no \"" + name + "\": " + r.body());
        }
        return Long.parseLong(v);
    }

    // ---------------------------------------------------------------- the reference COPY

    private void checkpoint() throws SQLException {
        Bench.checkpoint(db);
    }

    private double referenceCopy(List<byte[]> chunks, long expectedRows) throws SQLException {
        try (Connection c = db.connect()) {
            // the same columns, key, collations and index as daily_snapshot (V1__warehouse_schema.sql)
            Bench.createSnapshotLikeTable(c, "reference_snapshot");

            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long t0 = System.nanoTime();
            CopyIn in = copy.copyIn("copy reference_snapshot (" + Bench.SNAPSHOT_COLUMNS + ") from stdin");
            try {
                for (byte[] chunk : chunks) {
                    in.writeToCopy(chunk, 0, chunk.length);
                }
                long rows = in.endCopy();
                double elapsed = Bench.seconds(System.nanoTime() - t0);
                if (rows != expectedRows) {
                    throw new IllegalStateException("reference COPY wrote " + rows + " rows, expected " + expectedRows);
                }
                return elapsed;
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
                try (Statement s = c.createStatement()) {
                    s.execute("drop table if exists reference_snapshot");
                }
            }
        }
    }

    // ---------------------------------------------------------------- reporting

    private String table(DataSet data, List<Repetition> reps, String machineBefore, String machineAfter) {
        StringBuilder sb = new StringBuilder();
        sb.append("Warehouse load benchmark\n");
        sb.append(String.format(Locale.ROOT, "  records %,d | distinct %,d | duplicates %,d (%.0f%%) | batches %,d | "
                        + "batch size %,d | in-flight %d%n", data.records, data.distinct, data.records - data.distinct,
                options.duplicates * 100, reps.isEmpty() ? 0 : reps.get(0).api().batches(), options.batchSize,
                options.inFlight));
        sb.append("  machine (start): ").append(machineBefore).append('\n');
        sb.append("  machine (end):   ").append(machineAfter).append('\n');
        sb.append("  rates: API phases in records/s (records sent), reference COPY in rows/s (distinct rows)\n\n");
        String head = String.format(Locale.ROOT, "%-3s %-23s %17s %17s %17s %17s %7s%n", "#", "repetition",
                "staging", "commit", "API load (total)", "reference COPY", "ratio");
        sb.append(head);
        sb.append(String.format(Locale.ROOT, "%-3s %-23s %17s %17s %17s %17s %7s%n", "", "",
                "s | rows/s", "s | rows/s", "s | rows/s", "s | rows/s", "API/ref"));
        sb.append("-".repeat(head.length() - 1)).append('\n');
        for (Repetition r : reps) {
            ApiResult a = r.api();
            sb.append(String.format(Locale.ROOT, "%-3d %-23s %17s %17s %17s %17s %6.2fx%n", r.number(), r.label(),
                    cell(a.stagingSeconds(), data.records), cell(a.commitSeconds(), data.records),
                    cell(a.totalSeconds(), data.records), cell(r.referenceSeconds(), r.referenceRows()),
                    a.totalSeconds() / r.referenceSeconds()));
        }
        sb.append('\n');
        for (Repetition r : reps) {
            ApiResult a = r.api();
            sb.append(String.format(Locale.ROOT, "  #%d commit counts: inserted %,d, updated %,d, unchanged %,d, "
                            + "duplicates %,d, rejects %,d (open %.3f s)%n", r.number(), a.inserted(), a.updated(),
                    a.unchanged(), a.duplicates(), a.rejects(), a.openSeconds()));
        }
        return sb.toString();
    }

    private static String cell(double seconds, long rows) {
        return String.format(Locale.ROOT, "%6.2f | %8s", seconds, rate(rows, seconds));
    }

    private static String rate(long rows, double seconds) {
        double r = seconds <= 0 ? 0 : rows / seconds;
        return String.format(Locale.ROOT, "%,.0f", r);
    }

    private void writeJson(Path file, DataSet data, List<Repetition> reps, String machineBefore, String machineAfter)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("benchmark", "warehouse-load");
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
            g.writeNumberField("records", data.records);
            g.writeNumberField("distinct", data.distinct);
            g.writeNumberField("duplicates", data.records - data.distinct);
            g.writeNumberField("duplicatesFraction", options.duplicates);
            g.writeNumberField("batches", reps.isEmpty() ? 0 : reps.get(0).api().batches());
            g.writeNumberField("batchSize", options.batchSize);
            g.writeNumberField("inFlight", options.inFlight);
            g.writeNumberField("repeat", options.repeat);
            g.writeEndObject();
            g.writeArrayFieldStart("repetitions");
            for (Repetition r : reps) {
                ApiResult a = r.api();
                g.writeStartObject();
                g.writeNumberField("number", r.number());
                g.writeStringField("label", r.number() == 1 ? "first" : "repeat");
                g.writeStringField("description", r.label());
                g.writeStringField("loadId", a.loadId());
                g.writeObjectFieldStart("api");
                g.writeNumberField("openSeconds", Bench.round(a.openSeconds()));
                g.writeNumberField("stagingSeconds", Bench.round(a.stagingSeconds()));
                g.writeNumberField("stagingRowsPerSecond", Math.round(data.records / a.stagingSeconds()));
                g.writeNumberField("commitSeconds", Bench.round(a.commitSeconds()));
                g.writeNumberField("commitRowsPerSecond", Math.round(data.records / a.commitSeconds()));
                g.writeNumberField("totalSeconds", Bench.round(a.totalSeconds()));
                g.writeNumberField("totalRowsPerSecond", Math.round(data.records / a.totalSeconds()));
                g.writeNumberField("inserted", a.inserted());
                g.writeNumberField("updated", a.updated());
                g.writeNumberField("unchanged", a.unchanged());
                g.writeNumberField("duplicates", a.duplicates());
                g.writeNumberField("rejects", a.rejects());
                g.writeEndObject();
                g.writeObjectFieldStart("reference");
                g.writeNumberField("rows", r.referenceRows());
                g.writeNumberField("seconds", Bench.round(r.referenceSeconds()));
                g.writeNumberField("rowsPerSecond", Math.round(r.referenceRows() / r.referenceSeconds()));
                g.writeEndObject();
                g.writeNumberField("ratio", Bench.round(a.totalSeconds() / r.referenceSeconds()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }








}
