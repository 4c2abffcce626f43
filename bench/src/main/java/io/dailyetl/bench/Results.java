package io.dailyetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.bench.IngestRunTimer.Run;
import io.dailyetl.bench.WeeklyReportTimer.Report;
import io.dailyetl.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Everything one bench measured, and how it is shown: the printed table and the JSON file. */
record Results(
        BenchOptions options,
        String demoXmx,
        double ingestStartRssMiB,
        JsonNode expected,
        LocalDate weekStart,
        List<Run> runs,
        ReferenceCopy reference,
        List<Double> copySeconds,
        List<Report> reports,
        String loadavgStart,
        String machineBefore,
        String machineAfter) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    double copyMedian() {
        return median(copySeconds);
    }

    /** The header lines and one column per repetition plus a median column. */
    String table() {
        StringBuilder sb = new StringBuilder("Pipeline benchmark\n");
        sb.append(String.format(
                Locale.ROOT,
                "  demo-source: %,d records, pages of %,d, %,d users; expected fetched "
                        + "%,d = loaded %,d + rejected %,d + duplicates %,d%n",
                options.records(),
                BenchOptions.PAGE_SIZE,
                BenchOptions.USERS,
                expected.path("fetched").asLong(),
                expected.path("loaded").asLong(),
                expected.path("rejected").asLong(),
                expected.path("duplicates").asLong()));
        sb.append(String.format(
                Locale.ROOT,
                "  ingest -Xmx%s (RSS %.1f MiB after start), batch size %,d, in-flight "
                        + "%d; warehouse -Xmx512m; demo-source -Xmx%s; report -Xmx256m; JIT %s%n",
                options.ingestXmx(),
                ingestStartRssMiB,
                options.batchSize(),
                options.inFlight(),
                demoXmx,
                options.tiered() ? "tiered (C1 + C2)" : "C1 only"));
        sb.append("  stand-ins: ")
                .append(
                        options.coldStandIns()
                                ? "demo-source and the SMTP sink cold (--cold-stand-ins)"
                                : "demo-source and the SMTP sink warmed before timing")
                .append('\n');
        sb.append("  PostgreSQL: ")
                .append(options.postgresLabel())
                .append(": ")
                .append(options.postgresSettings(Path.of("")))
                .append('\n');
        sb.append(String.format(
                Locale.ROOT,
                "  reference: plain COPY of daily_snapshot's %,d rows (%.1f MiB text) "
                        + "into an empty table with its columns, primary key and index%n",
                reference.rows(),
                reference.bytes() / 1048576.0));
        Report last = reports.get(reports.size() - 1);
        sb.append(String.format(
                Locale.ROOT,
                "  weekly report %s – %s to %s: %,d users, total %s, CSV %,d bytes%n",
                weekStart,
                weekStart.plusDays(6),
                WeeklyReportTimer.TO,
                last.users(),
                last.total(),
                last.csvBytes()));
        sb.append("  machine (start): ").append(machineBefore).append('\n');
        sb.append("  machine (end):   ").append(machineAfter).append("\n\n");

        List<String[]> rows = new ArrayList<>();
        rows.add(row("repetition", runs, r -> "#" + r.number() + " " + r.label(), "median"));
        numbers(rows, "ingest run s (trigger -> SUCCEEDED)", "%.2f", values(Run::clientSeconds));
        numbers(rows, "  run's own startedAt -> finishedAt s", "%.2f", values(Run::runSeconds));
        numbers(rows, "records/s (fetched / run s)", "%,.0f", values(Run::recordsPerSecond));
        numbers(rows, "reference COPY s", "%.2f", copySeconds);
        numbers(rows, "ratio to COPY (run s / median COPY s)", "%.2fx", values(r -> r.clientSeconds() / copyMedian()));
        numbers(
                rows,
                "ingest peak RSS MiB (VmHWM)",
                "%.1f",
                values(r -> r.ingest().peakRssMiB()));
        numbers(
                rows,
                "warehouse peak RSS MiB (VmHWM)",
                "%.1f",
                values(r -> r.warehouse().peakRssMiB()));
        numbers(rows, "CPU s ingest", "%.1f", values(r -> r.ingest().cpuSeconds()));
        numbers(rows, "CPU s warehouse", "%.1f", values(r -> r.warehouse().cpuSeconds()));
        numbers(rows, "CPU s postgres", "%.1f", values(r -> r.postgresCpu()));
        numbers(rows, "CPU s demo-source", "%.1f", values(r -> r.demo().cpuSeconds()));
        numbers(
                rows,
                "weekly report s (POST -> mail received)",
                "%.3f",
                reports.stream().map(Report::seconds).toList());
        rows.add(row(
                "loaded / rejected / duplicates",
                runs,
                r -> String.format(
                        Locale.ROOT, "%,d / %,d / %,d", r.count("loaded"), r.count("rejected"), r.count("duplicates")),
                ""));
        rows.add(row(
                "warehouse inserted / updated / unchanged",
                runs,
                r -> String.format(
                        Locale.ROOT,
                        "%,d / %,d / %,d",
                        r.loadCount("inserted"),
                        r.loadCount("updated"),
                        r.loadCount("unchanged")),
                ""));
        rows.add(row("loadavg at trigger", runs, r -> r.loadavgAtTrigger(), ""));

        int[] width = new int[runs.size() + 2];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        });
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + width[0] + "s", rows.get(r)[0]));
            for (int i = 1; i < rows.get(r).length; i++) {
                line.append("  ").append(String.format(Locale.ROOT, "%" + width[i] + "s", rows.get(r)[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                sb.append("-".repeat(line.length())).append('\n');
            }
        }
        if (!runs.stream().allMatch(r -> r.ingest().peakIsOwn() && r.warehouse().peakIsOwn())) {
            sb.append(
                    "  note: VmHWM could not be reset (clear_refs refused): peak RSS covers the process's whole life\n");
        }
        return sb.toString();
    }

    private static <T> String[] row(String name, List<T> items, Function<T, String> cell, String last) {
        String[] row = new String[items.size() + 2];
        row[0] = name;
        for (int i = 0; i < items.size(); i++) {
            row[i + 1] = cell.apply(items.get(i));
        }
        row[items.size() + 1] = last;
        return row;
    }

    private void numbers(List<String[]> rows, String name, String format, List<Double> values) {
        String[] row = row(name, runs, r -> "", fmt(format, median(values)));
        for (int i = 0; i < values.size() && i < runs.size(); i++) {
            row[i + 1] = fmt(format, values.get(i));
        }
        rows.add(row);
    }

    private List<Double> values(ToDoubleFunction<Run> value) {
        return runs.stream().map(value::applyAsDouble).toList();
    }

    private double medianOf(ToDoubleFunction<Run> value) {
        return round(median(values(value)));
    }

    /** Writes the results as JSON to {@code file}, creating its directory. */
    void writeJson(Path file) throws IOException {
        ObjectNode doc = JSON.createObjectNode()
                .put("benchmark", "pipeline")
                .put("at", Instant.now().toString());
        doc.putObject("machine")
                .put("nproc", Runtime.getRuntime().availableProcessors())
                .put("loadavgStart", loadavgStart)
                .put("loadavgEnd", ServiceProcess.Proc.loadavg())
                .put("start", machineBefore)
                .put("end", machineAfter)
                .put("java", System.getProperty("java.version"));
        doc.putObject("parameters")
                .put("records", options.records())
                .put("pageSize", BenchOptions.PAGE_SIZE)
                .put("users", BenchOptions.USERS)
                .put("repeat", options.repeat())
                .put("batchSize", options.batchSize())
                .put("inFlight", options.inFlight())
                .put("ingestXmx", options.ingestXmx())
                .put("jit", options.tiered() ? "tiered" : "c1")
                .put("postgres", options.fsyncOff() ? "fsync-off" : "durable")
                .put("postgresLabel", options.postgresLabel())
                .put("standInsWarmed", !options.coldStandIns())
                .put("warehouseXmx", "512m")
                .put("demoSourceXmx", demoXmx)
                .put("reportXmx", "256m");
        ObjectNode pgSettings = ((ObjectNode) doc.get("parameters")).putObject("postgresSettings");
        options.postgresSettings(Path.of("")).forEach(pgSettings::put);
        doc.set("expected", expected);
        doc.put("ingestRssAfterStartMiB", round(ingestStartRssMiB));

        ArrayNode runArray = doc.putArray("runs");
        for (Run r : runs) {
            ObjectNode o = runArray.addObject()
                    .put("number", r.number())
                    .put("label", r.number() == 1 ? "first" : r.allNew() ? "new-again" : "repeat")
                    .put("description", r.label());
            for (String field :
                    List.of("runId", "loadId", "pages", "fetched", "loaded", "rejected", "duplicates", "retries")) {
                o.set(field, r.run().get(field));
            }
            IngestRunTimer.LOAD_COUNTS.forEach(count -> o.set(count, r.load().get(count)));
            o.put("seconds", round(r.clientSeconds()))
                    .put("runSeconds", round(r.runSeconds()))
                    .put("recordsPerSecond", Math.round(r.recordsPerSecond()))
                    .put("ratioToCopy", round(r.clientSeconds() / copyMedian()))
                    .put("ingestPeakRssMiB", round(r.ingest().peakRssMiB()))
                    .put("ingestPeakRssIsPerRun", r.ingest().peakIsOwn())
                    .put("warehousePeakRssMiB", round(r.warehouse().peakRssMiB()))
                    .put("warehousePeakRssIsPerRun", r.warehouse().peakIsOwn());
            cpu(
                    o,
                    round(r.ingest().cpuSeconds()),
                    round(r.warehouse().cpuSeconds()),
                    round(r.postgresCpu()),
                    round(r.demo().cpuSeconds()));
            o.put("loadavgAtTrigger", r.loadavgAtTrigger()).put("loadavgAtEnd", r.loadavgAtEnd());
        }

        ObjectNode ref =
                doc.putObject("reference").put("rows", reference.rows()).put("bytes", reference.bytes());
        ArrayNode seconds = ref.putArray("seconds");
        copySeconds.forEach(s -> seconds.add(round(s)));
        ref.put("medianSeconds", round(copyMedian())).put("rowsPerSecond", Math.round(reference.rows() / copyMedian()));

        ArrayNode reportArray = doc.putArray("reports");
        for (Report r : reports) {
            JsonNode o = JSON.valueToTree(r);
            ((ObjectNode) o).put("seconds", round(r.seconds())).put("httpSeconds", round(r.httpSeconds()));
            reportArray.add(o);
        }

        ObjectNode median = doc.putObject("median");
        median.put("seconds", medianOf(Run::clientSeconds));
        median.put("recordsPerSecond", Math.round(median(values(Run::recordsPerSecond))));
        median.put("referenceCopySeconds", round(copyMedian()));
        median.put("ratioToCopy", round(median(values(Run::clientSeconds)) / copyMedian()));
        median.put("ingestPeakRssMiB", medianOf(r -> r.ingest().peakRssMiB()));
        median.put("warehousePeakRssMiB", medianOf(r -> r.warehouse().peakRssMiB()));
        cpu(
                median,
                medianOf(r -> r.ingest().cpuSeconds()),
                medianOf(r -> r.warehouse().cpuSeconds()),
                medianOf(r -> r.postgresCpu()),
                medianOf(r -> r.demo().cpuSeconds()));
        median.put(
                "reportSeconds",
                round(median(reports.stream().map(Report::seconds).toList())));

        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), doc);
    }

    private static void cpu(ObjectNode parent, double ingest, double warehouse, double postgres, double demo) {
        parent.putObject("cpuSeconds")
                .put("ingest", ingest)
                .put("warehouse", warehouse)
                .put("postgres", postgres)
                .put("demoSource", demo);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The median of some values (the mean of the middle two for an even count); -1 if there are none. */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = v.length / 2;
        return v.length == 0 ? -1 : v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** A number, or "n/a" for the -1 (or NaN) of a value that could not be read. */
    private static String fmt(String format, double v) {
        return v < 0 || Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, format, v);
    }
}
