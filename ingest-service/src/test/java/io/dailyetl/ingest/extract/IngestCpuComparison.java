package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.ingest.SourceJson;
import io.dailyetl.ingest.clean.Cleaned;
import io.dailyetl.ingest.clean.CleaningRules;
import io.dailyetl.ingest.clean.RecordCleaner;
import io.dailyetl.ingest.clean.RecordScanner;
import io.dailyetl.ingest.clean.SourceRecord;
import io.dailyetl.ingest.load.BatchSender;
import io.dailyetl.warehouseclient.CapturingLoadsClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Not a test: a rough CPU comparison of parsing, cleaning and batch-writing demo-like pages, reading each page as a
 * tree (as before) or scanning it. Run its main with the test class path; it asserts nothing.
 */
public final class IngestCpuComparison {

    private static final String[] STATUSES = {"completed", "Pending ", "FAILED", "refunded"};
    private static final String[] CHANNELS = {"web", "ios", "android", "pos"};
    private static final String[] TAGS = {"promo", "first", "gift", "vip", "bulk"};

    private IngestCpuComparison() {}

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int perPage = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        List<byte[]> data = pages(pages, perPage);
        RecordCleaner cleaner = new RecordCleaner(CleaningRules.defaults());
        RecordScanner scanner = new RecordScanner(CleaningRules.defaults());
        String[] path = {"records"};
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ExecutorService senders = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 8; round++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                long tree = 0;
                BatchSender a = new BatchSender(
                        new CapturingLoadsClient()::putBatch, UUID.randomUUID(), 1000, Long.MAX_VALUE, 2, senders);
                for (byte[] page : data) {
                    for (JsonNode raw : SourceJson.readTree(page).get("records")) {
                        if (cleaner.clean(raw) instanceof Cleaned.Clean clean) {
                            a.add(clean);
                            tree++;
                        } else {
                            a.reject(raw, 1, "x");
                        }
                    }
                }
                a.finish();
                long t1 = cpu.getCurrentThreadCpuTime();
                long scanned = 0;
                BatchSender b = new BatchSender(
                        new CapturingLoadsClient()::putBatch, UUID.randomUUID(), 1000, Long.MAX_VALUE, 2, senders);
                for (byte[] page : data) {
                    for (SourceRecord raw : PageBody.read(page, path, scanner).records()) {
                        if (cleaner.cleanScanned(raw) instanceof Cleaned.Clean clean) {
                            b.add(clean);
                            scanned++;
                        } else {
                            b.reject(raw.tree(), 1, "x");
                        }
                    }
                }
                b.finish();
                long t2 = cpu.getCurrentThreadCpuTime();
                long parseTree = 0;
                for (byte[] page : data) {
                    parseTree += SourceJson.readTree(page).get("records").size();
                }
                long t3 = cpu.getCurrentThreadCpuTime();
                long parseScan = 0;
                for (byte[] page : data) {
                    parseScan += PageBody.read(page, path, scanner).records().size();
                }
                long t4 = cpu.getCurrentThreadCpuTime();
                long cleanTree = 0;
                long cleanScan = 0;
                List<JsonNode> trees = new ArrayList<>();
                List<SourceRecord> scans = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    SourceJson.readTree(data.get(i)).get("records").forEach(trees::add);
                    scans.addAll(PageBody.read(data.get(i), path, scanner).records());
                }
                long t5 = cpu.getCurrentThreadCpuTime();
                for (JsonNode raw : trees) {
                    cleanTree += cleaner.clean(raw) instanceof Cleaned.Clean ? 1 : 0;
                }
                long t6 = cpu.getCurrentThreadCpuTime();
                for (SourceRecord raw : scans) {
                    cleanScan += cleaner.cleanScanned(raw) instanceof Cleaned.Clean ? 1 : 0;
                }
                long t7 = cpu.getCurrentThreadCpuTime();
                System.out.printf(
                        "  parse only: tree %d ms, scan %d ms (%d/%d records); clean only (20 pages): tree %d ms, scanned %d ms (%d/%d)%n",
                        (t3 - t2) / 1_000_000,
                        (t4 - t3) / 1_000_000,
                        parseTree,
                        parseScan,
                        (t6 - t5) / 1_000_000,
                        (t7 - t6) / 1_000_000,
                        cleanTree,
                        cleanScan);
                System.out.printf(
                        "round %d: tree path %d ms CPU (%d clean), streaming path %d ms CPU (%d clean)%n",
                        round, (t1 - t0) / 1_000_000, tree, (t2 - t1) / 1_000_000, scanned);
            }
        } finally {
            senders.shutdown();
        }
    }

    /** Pages shaped like the demo source's: mostly clean records, a few dirty ones. */
    private static List<byte[]> pages(int pages, int perPage) {
        Random random = new Random(1);
        List<byte[]> list = new ArrayList<>();
        int n = 0;
        for (int p = 0; p < pages; p++) {
            StringBuilder page = new StringBuilder("{\"records\":[");
            for (int r = 0; r < perPage; r++, n++) {
                if (r > 0) {
                    page.append(',');
                }
                page.append("{\"id\":\"tx-")
                        .append(n)
                        .append("\",\"user_id\":\"u-")
                        .append(random.nextInt(5000))
                        .append("\",\"amount\":")
                        .append(random.nextInt(50) == 0 ? "\"abc\"" : random.nextInt(100000) / 100.0)
                        .append(",\"status\":\"")
                        .append(STATUSES[random.nextInt(STATUSES.length)])
                        .append("\",\"created_at\":\"2026-11-")
                        .append(10 + random.nextInt(19))
                        .append("T10:")
                        .append(10 + random.nextInt(50))
                        .append(":00Z\",\"channel\":\"")
                        .append(CHANNELS[random.nextInt(CHANNELS.length)])
                        .append('"');
                if (random.nextInt(100) < 85) {
                    page.append(",\"meta\":{\"device\":\"phone-")
                            .append(random.nextInt(9))
                            .append("\",\"tags\":[");
                    int tags = random.nextInt(3);
                    for (int t = 0; t < tags; t++) {
                        page.append(t > 0 ? "," : "")
                                .append('"')
                                .append(TAGS[random.nextInt(TAGS.length)])
                                .append('"');
                    }
                    page.append("]}");
                }
                page.append('}');
            }
            page.append("],\"page\":")
                    .append(p + 1)
                    .append(",\"total\":")
                    .append(pages * perPage)
                    .append('}');
            list.add(page.toString().getBytes(StandardCharsets.UTF_8));
        }
        return list;
    }
}
