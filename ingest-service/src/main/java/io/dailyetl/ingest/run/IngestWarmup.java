package io.dailyetl.ingest.run;

import io.dailyetl.ingest.clean.Cleaned;
import io.dailyetl.ingest.clean.CleaningRules;
import io.dailyetl.ingest.clean.RecordCleaner;
import io.dailyetl.ingest.clean.RecordScanner;
import io.dailyetl.ingest.clean.SourceRecord;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.dailyetl.ingest.extract.PageBody;
import io.dailyetl.ingest.extract.SourceClient;
import io.dailyetl.ingest.extract.SourceCredentials;
import io.dailyetl.ingest.load.BatchSender;
import io.dailyetl.warehouseclient.RunsClient;
import io.dailyetl.warehouseclient.SourcesClient;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Runs a run's own steps once on made-up pages, in the background right after start-up (declared in
 * {@code health.StartupWarmUps}): {@value #PAGES} pages of {@value #PER_PAGE} records shaped like real source data
 * (ids and amounts as strings and numbers, statuses in several spellings, timestamps in several formats, nested
 * attributes, a few rejects), fetched with the run's own HTTP client from a server inside this process on the
 * loopback interface, scanned, cleaned and written into batch bodies that go nowhere. Once the warehouse is ready,
 * it also reads what a run reads from it first (the source's watermark and its latest run) through the same REST
 * clients. The first run after a start then runs compiled code over warm clients. Nothing is written anywhere, and
 * the source is never called.
 */
public final class IngestWarmup {

    private IngestWarmup() {}

    static final int PAGES = 30;
    static final int PER_PAGE = 1_000;
    private static final String[] STATUSES = {"active", " Active ", "ACTIVE", "pending", "refunded"};

    /** Reads the source's watermark and latest run from the warehouse, as a run does first; says what it found. */
    public static String roundTrip(SourceSettings settings, SourcesClient sources, RunsClient runs) {
        String source = settings.name();
        return "the watermark of source " + source + " ("
                + (sources.watermark(source).isPresent() ? "one" : "none") + ") and its latest runs ("
                + runs.recent(source, 1).size() + ") read";
    }

    /**
     * Runs the steps once, the pages served over loopback by a server inside this process; returns the records it
     * went through, and adds the batch bytes written to {@code bytes}.
     */
    public static long run(IngestConfig config, SourceSettings source, Vertx vertx, AtomicLong bytes) throws Exception {
        CleaningRules rules = IngestPipeline.rules(source);
        byte[][] pages = new byte[PAGES][];
        for (int page = 0; page < PAGES; page++) {
            pages[page] = page(rules, page);
        }
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            int page = Integer.parseInt(request.getParam("page", "0"));
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(page >= 0 && page < PAGES ? pages[page] : new byte[] {'[', ']'}));
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            SourceClient client = new SourceClient(
                    SourceClient.httpClient(source.source()),
                    source.source(),
                    source.prefix(),
                    SourceCredentials.NONE,
                    TextMapPropagator.noop(),
                    () -> {});
            String base = "http://127.0.0.1:" + server.actualPort() + "/warm-up?page=";
            return run(
                    config, source, page -> client.get(URI.create(base + page)).body(), bytes);
        } finally {
            server.close();
        }
    }

    /** Runs the steps once on the pages {@code pages} gives; returns the records it went through. */
    static long run(IngestConfig config, SourceSettings source, IntFunction<byte[]> pages, AtomicLong bytes)
            throws IOException {
        CleaningRules rules = IngestPipeline.rules(source);
        RecordCleaner cleaner = new RecordCleaner(rules);
        RecordScanner scanner = new RecordScanner(rules);
        ExecutorService senders = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warm-up-batches");
            t.setDaemon(true);
            return t;
        });
        long records = 0;
        try {
            BatchSender sender = new BatchSender(
                    (load, seq, body) -> bytes.addAndGet(body.length),
                    UUID.randomUUID(),
                    config.batchSize(),
                    config.batchBytes().asLongValue(),
                    2,
                    senders);
            for (int page = 0; page < PAGES; page++) {
                for (SourceRecord raw : PageBody.read(pages.apply(page), new String[] {"results"}, scanner)
                        .records()) {
                    records++;
                    if (cleaner.cleanScanned(raw) instanceof Cleaned.Clean clean) {
                        sender.add(clean);
                    } else {
                        sender.reject(raw.tree(), page + 1, ((Cleaned.Rejected) cleaner.cleanScanned(raw)).reason());
                    }
                }
            }
            sender.finish();
        } finally {
            senders.shutdownNow();
        }
        return records;
    }

    /** One made-up page: a top-level array of records named as the configuration names their fields. */
    static byte[] page(CleaningRules rules, int page) {
        StringBuilder json = new StringBuilder(PER_PAGE * 220).append('[');
        for (int i = 0; i < PER_PAGE; i++) {
            int n = page * PER_PAGE + i;
            json.append(i == 0 ? "{" : ",{");
            field(json, rules.idField())
                    .append(n % 10 == 0 ? Integer.toString(1_000_000 + n) : "\"warm-up-" + n + "\"");
            field(json.append(','), rules.userIdField())
                    .append(n % 7 == 0 ? Integer.toString(n % 500) : "\"u" + n % 997 + "\"");
            if (n % 50 != 49) { // every fiftieth record has no amount: a reject
                field(json.append(','), rules.amountField())
                        .append(n % 2 == 0 ? n % 500 + "." + (10 + n % 90) : "\"" + n % 500 + ".5\"");
            }
            field(json.append(','), rules.statusField())
                    .append('"')
                    .append(STATUSES[n % STATUSES.length])
                    .append('"');
            field(json.append(','), rules.createdAtField())
                    .append(
                            switch (n % 4) {
                                case 0 -> "\"2000-01-0" + (1 + n % 7) + "T10:15:30Z\"";
                                case 1 -> "\"2000-01-03T10:15:30.123+02:00\"";
                                case 2 -> Long.toString(946_900_000L + n);
                                default -> Long.toString(946_900_000_000L + n);
                            });
            json.append(
                    ",\"channel\":\"web\",\"meta\":{\"device\":\"ios\",\"tags\":[\"promo\",\"gift\"]},\"note\":\"zo\u00eb \\\"x\\\"\"}");
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder json, String name) {
        return json.append('"')
                .append(name.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\":");
    }
}
