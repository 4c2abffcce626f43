package io.dailyetl.console.view;

import io.dailyetl.console.client.IngestSchedule;
import io.dailyetl.console.view.RunPages.RunRow;
import io.dailyetl.contract.loads.LoadView;
import io.dailyetl.contract.loads.SourceWatermark;
import io.dailyetl.contract.runs.ScheduleView;
import io.dailyetl.contract.runs.SourceView;
import io.dailyetl.warehouseclient.LoadsClient;
import io.dailyetl.warehouseclient.SourcesClient;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The overview: per source its last run, when ingest runs it next, its watermark and how old it is, its open loads, and charts of its last
 * {@link #CHART_RUNS} runs. A part the warehouse cannot answer says so in its own cell; the page still shows.
 */
@ApplicationScoped
public class Overview {

    /** How many of a source's most recent runs its charts show. */
    public static final int CHART_RUNS = 30;

    /** How many of the most recent loads are read to find the open ones. */
    static final int LOADS = 200;

    private final RunPages runs;
    private final SourcesClient sources;
    private final LoadsClient loads;
    private final IngestSchedule schedule;
    private final Display display;
    private final Clock clock = Clock.systemUTC();

    Overview(RunPages runs, SourcesClient sources, LoadsClient loads, IngestSchedule schedule, Display display) {
        this.runs = runs;
        this.sources = sources;
        this.loads = loads;
        this.schedule = schedule;
        this.display = display;
    }

    /**
     * What the overview shows: every source that ran among the most recent runs, in alphabetical order, and ingest's
     * sources as its {@code GET /api/sources} lists them (one read of ingest for both).
     */
    public Page page() {
        List<RunRow> last = runs.lastRunPerSource();
        Optional<Map<String, Long>> open = openLoads();
        IngestSchedule.Sources ingest = schedule.sources();
        Instant now = clock.instant();
        List<SourceRow> rows = last.stream()
                .map(run -> new SourceRow(
                        run,
                        nextRun(run.source(), ingest, now),
                        watermark(run.source(), now),
                        open.map(m -> Display.count(m.getOrDefault(run.source(), 0L)))
                                .orElse("could not be read"),
                        charts(run.source())))
                .toList();
        return new Page(rows, ingestSources(ingest, now));
    }

    private NextRunCell nextRun(String source, IngestSchedule.Sources ingest, Instant now) {
        if (!ingest.known()) {
            return new NextRunCell(Display.TimeText.NONE, "", ingest.problem());
        }
        Optional<SourceView> view = ingest.named(source);
        if (view.isEmpty() || view.get().schedule() == null) {
            return new NextRunCell(Display.TimeText.NONE, "not scheduled by ingest", "");
        }
        return nextRun(view.get().schedule(), now);
    }

    private NextRunCell nextRun(ScheduleView s, Instant now) {
        if (s == null) {
            return new NextRunCell(Display.TimeText.NONE, "not known", "");
        }
        if (s.nextRunAt() == null) {
            return new NextRunCell(Display.TimeText.NONE, "no schedule (" + s.cron() + ")", "");
        }
        return new NextRunCell(display.time(s.nextRunAt()), in(s.nextRunAt(), now), "");
    }

    private IngestSources ingestSources(IngestSchedule.Sources ingest, Instant now) {
        if (!ingest.known()) {
            return new IngestSources(List.of(), ingest.problem());
        }
        return new IngestSources(
                ingest.sources().stream()
                        .map(v -> new IngestSourceRow(
                                v.name(),
                                v.url() == null ? "" : v.url(),
                                nextRun(v.schedule(), now),
                                v.lastRun() == null || v.lastRun().status() == null
                                        ? ""
                                        : v.lastRun().status().name(),
                                v.lastRun() == null || v.lastRun().runId() == null
                                        ? ""
                                        : v.lastRun().runId().toString(),
                                display.time(
                                        v.lastRun() == null ? null : v.lastRun().startedAt()),
                                watermarkOf(v.watermark()),
                                lag(v.lagSeconds(), now)))
                        .toList(),
                null);
    }

    private Display.TimeText watermarkOf(String watermark) {
        if (watermark == null || watermark.isBlank()) {
            return Display.TimeText.NONE;
        }
        try {
            return display.time(OffsetDateTime.parse(watermark).toInstant());
        } catch (DateTimeParseException e) {
            return new Display.TimeText(watermark, "");
        }
    }

    /** How far a watermark is behind now, in words ({@code 2 h 5 min behind}); "-" without one. */
    static String lag(Long seconds, Instant now) {
        if (seconds == null) {
            return "-";
        }
        String age = Display.age(now.minusSeconds(seconds), now);
        return age.equals("just now") ? "less than a minute behind" : age.replace(" ago", " behind");
    }

    /** How long until {@code then}, in words ({@code in 3 h 12 min}). */
    static String in(Instant then, Instant now) {
        Duration d = Duration.between(now, then);
        if (d.isNegative() || d.toSeconds() < 60) {
            return "now";
        }
        if (d.toDays() > 0) {
            return "in " + d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return "in " + d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return "in " + d.toMinutes() + " min";
    }

    private Optional<Map<String, Long>> openLoads() {
        try {
            return Optional.of(loads.recent(null, LOADS).stream()
                    .filter(LoadView::open)
                    .collect(Collectors.groupingBy(LoadView::source, Collectors.counting())));
        } catch (RuntimeException e) {
            Log.warnf("console: the open loads could not be read from the warehouse: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private WatermarkCell watermark(String source, Instant now) {
        try {
            Optional<SourceWatermark> w = sources.watermark(source);
            if (w.isEmpty() || w.get().watermark() == null) {
                return new WatermarkCell(Display.TimeText.NONE, "none yet", "");
            }
            Instant at = Instant.parse(w.get().watermark());
            return new WatermarkCell(display.time(at), Display.age(at, now).replace(" ago", " old"), "");
        } catch (DateTimeParseException e) {
            return new WatermarkCell(Display.TimeText.NONE, "", "not a time: " + e.getParsedString());
        } catch (RuntimeException e) {
            Log.warnf("console: the watermark of %s could not be read from the warehouse: %s", source, e.getMessage());
            return new WatermarkCell(Display.TimeText.NONE, "", "could not be read");
        }
    }

    private Charts charts(String source) {
        List<RunChart.Point> points = runs.chart(source, CHART_RUNS);
        String id = "chart-" + Integer.toHexString(source.hashCode());
        return new Charts(
                RunChart.records(id + "-records", "Records per run of " + source, points, CHART_RUNS),
                RunChart.durations(id + "-durations", "Duration per run of " + source, points, CHART_RUNS),
                RunChart.rejectShare(id + "-share", "Reject share per run of " + source, points, CHART_RUNS),
                points.stream()
                        .map(p -> new ChartRow(
                                p.label(),
                                Display.count(p.loaded()),
                                Display.count(p.rejected()),
                                Display.count(p.duplicates()),
                                RunChart.percent(p.rejectShare()),
                                Display.count(p.seconds())))
                        .toList());
    }

    /** The overview: the sources that ran, and ingest's sources. */
    public record Page(List<SourceRow> sources, IngestSources ingest) {}

    /** Ingest's sources, one row each, or why ingest could not tell ({@code problem}, null when it did). */
    public record IngestSources(List<IngestSourceRow> rows, String problem) {}

    /**
     * One of ingest's sources: its name and URL (without credentials), when ingest runs it next, its last run's status
     * and id (empty before the first) and start, its watermark as ingest reads it, and how far that is behind now.
     */
    public record IngestSourceRow(
            String name,
            String url,
            NextRunCell nextRun,
            String lastStatus,
            String lastRunId,
            Display.TimeText lastStarted,
            Display.TimeText watermark,
            String lag) {}

    /** A source on the overview: its last run, next scheduled run, watermark, open loads (as text) and charts. */
    public record SourceRow(
            RunRow run, NextRunCell nextRun, WatermarkCell watermark, String openLoads, Charts charts) {}

    /** When ingest runs the source next and how long until then, or why that is not known ({@code problem}). */
    public record NextRunCell(Display.TimeText at, String text, String problem) {}

    /** A source's watermark, its age in words, or why it is not shown ({@code problem}, empty when it is). */
    public record WatermarkCell(Display.TimeText at, String age, String problem) {}

    /** A source's charts, as SVG, and their numbers as rows of a table. */
    public record Charts(String records, String durations, String rejectShare, List<ChartRow> rows) {}

    /** One run's numbers in a chart's table. */
    public record ChartRow(
            String label, String loaded, String rejected, String duplicates, String rejectShare, String seconds) {}
}
