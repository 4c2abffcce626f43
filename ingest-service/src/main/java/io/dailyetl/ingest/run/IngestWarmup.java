package io.dailyetl.ingest.run;

import io.dailyetl.common.health.WarmUps;
import io.dailyetl.ingest.clean.CleaningRules;
import io.dailyetl.ingest.clean.Cleaned;
import io.dailyetl.ingest.clean.RecordCleaner;
import io.dailyetl.ingest.clean.RecordScanner;
import io.dailyetl.ingest.clean.SourceRecord;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.extract.PageBody;
import io.dailyetl.ingest.load.BatchSender;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a run's own steps once on made-up pages, in the background right after start-up (unless
 * {@code ingest.warm-up} is false): {@value #PAGES} pages of {@value #PER_PAGE} records shaped like real source data
 * (ids and amounts as strings and numbers, statuses in several spellings, timestamps in several formats, nested
 * attributes, a few rejects), scanned, cleaned and written into batch bodies that go nowhere. The first run after a
 * start then runs compiled code. Nothing leaves the process.
 */
@ApplicationScoped
public class IngestWarmup {

    static final int PAGES = 30;
    static final int PER_PAGE = 1_000;
    private static final String[] STATUSES = {"active", " Active ", "ACTIVE", "pending", "refunded"};

    void onStart(@Observes StartupEvent event, IngestConfig config, WarmUps warmUps) {
        if (config.warmUp()) {
            warmUps.start("run path", () -> run(config, new AtomicLong()) + " made-up records scanned, cleaned and written");
        }
    }

    /** Runs the steps once; returns the records it went through, and adds the batch bytes written to {@code bytes}. */
    static long run(IngestConfig config, AtomicLong bytes) throws IOException {
        CleaningRules rules = IngestPipeline.rules(config);
        RecordCleaner cleaner = new RecordCleaner(rules);
        RecordScanner scanner = new RecordScanner(rules);
        ExecutorService senders = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warm-up-batches");
            t.setDaemon(true);
            return t;
        });
        long records = 0;
        try {
            BatchSender sender = new BatchSender((load, seq, body) -> bytes.addAndGet(body.length), UUID.randomUUID(),
                    config.batchSize(), config.batchBytes().asLongValue(), 2, senders);
            for (int page = 0; page < PAGES; page++) {
                for (SourceRecord raw : PageBody.read(page(rules, page), new String[] {"results"}, scanner).records()) {
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
            field(json, rules.idField()).append(n % 10 == 0 ? Integer.toString(1_000_000 + n) : "\"warm-up-" + n + "\"");
            field(json.append(','), rules.userIdField()).append(n % 7 == 0 ? Integer.toString(n % 500) : "\"u" + n % 997 + "\"");
            if (n % 50 != 49) { // every fiftieth record has no amount: a reject
                field(json.append(','), rules.amountField()).append(n % 2 == 0 ? n % 500 + "." + (10 + n % 90)
                        : "\"" + n % 500 + ".5\"");
            }
            field(json.append(','), rules.statusField()).append('"').append(STATUSES[n % STATUSES.length]).append('"');
            field(json.append(','), rules.createdAtField()).append(switch (n % 4) {
                case 0 -> "\"2000-01-0" + (1 + n % 7) + "T10:15:30Z\"";
                case 1 -> "\"2000-01-03T10:15:30.123+02:00\"";
                case 2 -> Long.toString(946_900_000L + n);
                default -> Long.toString(946_900_000_000L + n);
            });
            json.append(",\"channel\":\"web\",\"meta\":{\"device\":\"ios\",\"tags\":[\"promo\",\"gift\"]},\"note\":\"zo\u00eb \\\"x\\\"\"}");
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder json, String name) {
        return json.append('"').append(name.replace("\\", "\\\\").replace("\"", "\\\"")).append("\":");
    }
}
