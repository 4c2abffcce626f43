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
    private final Clock clock = Clock.systemUTC();

    RunPages(RunsClient runs, Display display, ConsoleConfig config) {
        this.runs = runs;
        this.display = display;
        this.limit = Math.max(1, Math.min(500, config.runs()));
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

    /**
     * The most recent runs, newest first, of one source ({@code source} null or blank: of all) and one status
     * ({@code status} null: any).
     */
    public List<RunRow> recent(String source, RunStatus status) {
        String of = source == null || source.isBlank() ? null : source.trim();
        Instant now = clock.instant();
        return runs.recentReports(of, limit).stream()
                .filter(r -> status == null || r.run().status() == status)
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
        String conservation = Display.count(r.fetched()) + " fetched = " + Display.count(r.loaded()) + " loaded + "
                + Display.count(r.rejected()) + " rejected + " + Display.count(r.duplicates()) + " duplicates";
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
