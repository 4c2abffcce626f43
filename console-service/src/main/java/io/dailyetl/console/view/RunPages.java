package io.dailyetl.console.view;

import io.dailyetl.console.config.ConsoleConfig;
import io.dailyetl.console.view.Display.TimeText;
import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.runs.RunReport;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import io.dailyetl.warehouseclient.RunsClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the console's pages show, read from the warehouse's run history with the console's reader token and turned
 * into rows of text ready to render: times in the console's zone, counts with separators.
 */
@ApplicationScoped
public class RunPages {

    private final RunsClient runs;
    private final Display display;
    private final int limit;
    private final Optional<String> traceLink;
    private final Clock clock = Clock.systemUTC();

    /** How many runs the runs page shows at a time. */
    public static final int PAGE = 50;

    RunPages(RunsClient runs, Display display, ConsoleConfig config) {
        this.runs = runs;
        this.display = display;
        this.limit = Math.max(1, Math.min(500, config.runs()));
        this.traceLink = config.traceLink().map(String::trim).filter(t -> !t.isEmpty());
    }

    /**
     * Page {@code page} (from 1) of the runs, newest first, of one source ({@code source} blank: of all), one status
     * (null: any), started on or after the day {@code from} and on or before the day {@code to} in the console's zone
     * (null: unbounded).
     */
    public RunsPage page(String source, RunStatus status, LocalDate from, LocalDate to, int page) {
        String of = source == null || source.isBlank() ? null : source.trim();
        Instant since = from == null ? null : from.atStartOfDay(display.zone()).toInstant();
        Instant before =
                to == null ? null : to.plusDays(1).atStartOfDay(display.zone()).toInstant();
        List<RunReport> found = runs.page(of, status, since, before, PAGE + 1, (page - 1) * PAGE);
        Instant now = clock.instant();
        List<RunRow> rows = found.stream().limit(PAGE).map(r -> row(r, now)).toList();
        return new RunsPage(rows, page, page > 1, found.size() > PAGE);
    }

    /** The last {@code n} runs of a source, oldest first, as points of its charts. */
    public List<RunChart.Point> chart(String source, int n) {
        List<RunReport> last = runs.page(source, null, null, null, n, 0);
        List<RunChart.Point> points = new ArrayList<>();
        for (int i = last.size() - 1; i >= 0; i--) {
            RunView r = last.get(i).run();
            long seconds = r.finishedAt() == null
                    ? 0
                    : Math.max(
                            0,
                            java.time.Duration.between(r.startedAt(), r.finishedAt())
                                    .toSeconds());
            points.add(new RunChart.Point(
                    display.time(r.startedAt()).local() + " " + r.status(),
                    n(r.loaded()),
                    n(r.rejected()),
                    n(r.duplicates()),
                    seconds));
        }
        return points;
    }

    /** A run's progress as its page swaps it in while it runs; empty if the warehouse knows no such run. */
    public Optional<Progress> progress(UUID runId) {
        return runs.find(runId).map(report -> {
            RunView r = report.run();
            return new Progress(
                    r.status().name(),
                    Display.count((long) r.pages()),
                    Display.count(r.fetched()),
                    Display.count(r.loaded()),
                    Display.count(r.rejected()),
                    Display.count(r.duplicates()),
                    conservation(r));
        });
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static String conservation(RunView r) {
        return Display.count(r.fetched()) + " fetched = " + Display.count(r.loaded()) + " loaded + "
                + Display.count(r.rejected()) + " rejected + " + Display.count(r.duplicates()) + " duplicates";
    }

    /** The last run of each source that ran within the most recent runs, sources in alphabetical order. */
    public List<RunRow> lastRunPerSource() {
        Map<String, RunReport> last = new LinkedHashMap<>();
        for (RunReport r : runs.recentReports(null, limit)) {
            last.putIfAbsent(r.source(), r); // newest first: the first of a source is its last run
        }
        Instant now = clock.instant();
        return last.values().stream()
                .sorted((a, b) -> a.source().compareTo(b.source()))
                .map(r -> row(r, now))
                .toList();
    }

    /** One run with everything its page shows; empty if the warehouse knows no such run. */
    public Optional<RunDetail> run(UUID runId) {
        return runs.find(runId).map(r -> detail(r, clock.instant()));
    }

    private RunRow row(RunReport report, Instant now) {
        RunView r = report.run();
        return new RunRow(
                r.runId().toString(),
                report.source(),
                r.status().name(),
                r.trigger(),
                display.time(r.startedAt()),
                Display.age(r.finishedAt() != null ? r.finishedAt() : r.startedAt(), now),
                Display.count(r.fetched()),
                Display.count(r.loaded()),
                Display.count(r.rejected()),
                Display.count(r.duplicates()));
    }

    private RunDetail detail(RunReport report, Instant now) {
        RunView r = report.run();
        boolean balanced = r.fetched() == r.loaded() + r.rejected() + r.duplicates();
        String conservation = conservation(r);
        List<AttemptRow> attempts = new ArrayList<>();
        for (RunView.Attempt a : r.attempts() == null ? List.<RunView.Attempt>of() : r.attempts()) {
            attempts.add(new AttemptRow(
                    a.number(),
                    a.loadId() == null ? "-" : a.loadId().toString(),
                    display.time(a.startedAt()),
                    a.lostBecause() == null ? "" : a.lostBecause()));
        }
        List<CheckRow> checks = r.checks().stream().map(RunPages::check).toList();
        RunView.Pull p = r.pull();
        PullRow pull = p == null
                ? null
                : new PullRow(
                        p.mode(),
                        display.time(p.since()),
                        display.time(p.before()),
                        display.time(p.watermarkAtStart()),
                        display.time(p.watermark()));
        return new RunDetail(
                row(report, now),
                r.logicalDate() == null ? "-" : r.logicalDate().toString(),
                display.time(r.finishedAt()),
                Display.count((long) r.pages()),
                Display.count((long) r.retries()),
                r.loadId() == null ? "-" : r.loadId().toString(),
                r.traceId() == null ? "-" : r.traceId(),
                r.traceId() == null
                        ? null
                        : traceLink
                                .map(t -> t.replace("{traceId}", r.traceId()))
                                .orElse(null),
                conservation,
                balanced,
                Display.count(r.inserted()),
                Display.count(r.updated()),
                Display.count(r.unchanged()),
                pull,
                attempts,
                r.error() == null ? "" : r.error(),
                r.errorKind() == null ? "" : r.errorKind().name(),
                r.errorTransient() == null ? "" : r.errorTransient() ? "transient" : "not transient",
                checks);
    }

    private static CheckRow check(CheckResult c) {
        return new CheckRow(
                c.check(),
                c.field() == null ? "" : c.field(),
                c.outcome(),
                number(c.observed()),
                number(c.warn()),
                number(c.error()),
                c.note() == null ? "" : c.note(),
                c.samples() == null ? List.of() : c.samples());
    }

    private static String number(Double d) {
        if (d == null) {
            return "-";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? String.format(Locale.ROOT, "%,d", d.longValue())
                : String.format(Locale.ROOT, "%,.4f", d).replaceAll("0+$", "");
    }

    /** A run in a list: its id, source, status, trigger, start, age and counts, as text. */
    public record RunRow(
            String id,
            String source,
            String status,
            String trigger,
            TimeText started,
            String age,
            String fetched,
            String loaded,
            String rejected,
            String duplicates) {}

    /** A run's page. {@code balanced}: whether {@code fetched = loaded + rejected + duplicates} holds. */
    public record RunDetail(
            RunRow run,
            String logicalDate,
            TimeText finished,
            String pages,
            String retries,
            String loadId,
            String traceId,
            String traceLink,
            String conservation,
            boolean balanced,
            String inserted,
            String updated,
            String unchanged,
            PullRow pull,
            List<AttemptRow> attempts,
            String error,
            String errorKind,
            String errorTransient,
            List<CheckRow> checks) {}

    /** A page of runs, and whether there are runs before (newer) or after it (older). */
    public record RunsPage(List<RunRow> runs, int page, boolean hasPrevious, boolean hasNext) {}

    /** What a page of a RUNNING run swaps in as it goes: its status, pages and counts so far, as text. */
    public record Progress(
            String status,
            String pages,
            String fetched,
            String loaded,
            String rejected,
            String duplicates,
            String conservation) {

        /** As JSON: every value is a status name or a count with separators, so nothing needs escaping. */
        public String json() {
            return "{\"status\":\"" + status + "\",\"pages\":\"" + pages + "\",\"fetched\":\"" + fetched
                    + "\",\"loaded\":\"" + loaded + "\",\"rejected\":\"" + rejected + "\",\"duplicates\":\""
                    + duplicates + "\",\"conservation\":\"" + conservation + "\"}";
        }
    }

    /** What the run asked the source for, and the watermark before and after. */
    public record PullRow(
            String mode, TimeText since, TimeText before, TimeText watermarkAtStart, TimeText watermark) {}

    /** One attempt of a run and why it was lost (empty: it was not). */
    public record AttemptRow(int number, String loadId, TimeText started, String lostBecause) {}

    /** One data check of the run's load, with the ids of sample records that failed it. */
    public record CheckRow(
            String check,
            String field,
            String outcome,
            String observed,
            String warn,
            String error,
            String note,
            List<String> samples) {}
}
