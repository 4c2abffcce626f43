package io.dailyetl.report.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.notifications.NotificationEvent;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.contract.runs.RunReport;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import io.dailyetl.report.notify.NotificationMessage.Field;
import io.dailyetl.report.notify.NotificationMessage.Section;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what a notification says ({@link NotificationMessage}) from the warehouse's {@link NotificationView}: the
 * title (the mail's subject, e.g. {@code [Daily ETL] payments: run FAILED (2026-12-07)}), the headline and the
 * details of its event (docs/notifications.md, "Channels: e-mail and webhooks"). Whatever the view leaves null is left
 * out; nothing here is sent or escaped.
 */
public final class NotificationMessages {

    /** The prefix of every title. */
    public static final String PREFIX = "[Daily ETL] ";

    /** Reads a check's members as a map: those a warehouse may or may not have ({@code field}, {@code samples}). */
    private static final ObjectMapper JSON =
            JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private final String runLink;
    private final String rejectsLink;

    /**
     * With the link templates of a run and of its rejects ({@code {runId}}, {@code {loadId}}, {@code {source}}
     * replaced, URL-encoded).
     */
    public NotificationMessages(String runLink, String rejectsLink) {
        this.runLink = runLink;
        this.rejectsLink = rejectsLink;
    }

    /** What {@code n} says. */
    public NotificationMessage of(NotificationView n) {
        String who = Text.oneLine(n.source() != null ? n.source() : n.subject());
        NotificationMessage message = switch (n.event()) {
            case RUN_MISSED -> missed(n, who);
            case REPORT_FAILED -> reportFailed(n, who);
            case DIGEST -> digest(n);
            case STILL_FAILING -> n.run() == null && n.missed() != null ? missed(n, who) : run(n, who);
            default -> run(n, who);
        };
        // the title is a mail header and the headline a Slack message's lines: one line each, whatever a value held
        return new NotificationMessage(
                Text.oneLine(message.title()),
                message.headline().stream().map(Text::oneLine).toList(),
                message.sections(),
                message.links());
    }

    // ---- runs: RUN_FAILED, RUN_WARNED, RUN_SUCCEEDED, RECOVERED, STILL_FAILING

    private NotificationMessage run(NotificationView n, String who) {
        RunView run = n.run() == null ? null : n.run().run();
        String date = String.valueOf(run != null && run.logicalDate() != null ? run.logicalDate() : day(n));
        List<Map<String, Object>> checks = run == null ? List.of() : notPassed(run);
        String title = switch (n.event()) {
            case RUN_FAILED -> who + ": run FAILED (" + date + ")";
            case RUN_WARNED -> who + ": run SUCCEEDED with warnings (" + date + ")";
            case RUN_SUCCEEDED -> who + ": run SUCCEEDED (" + date + ")";
            case RECOVERED -> who + ": RECOVERED (" + date + ")";
            case STILL_FAILING -> who + ": still failing" + streakSuffix(n.streak());
            default -> who + ": " + n.event() + " (" + date + ")";
        };
        Map<String, String> links = run == null ? Map.of() : links(n.run());

        List<String> headline = new ArrayList<>();
        headline.add(PREFIX + title);
        if (run != null && run.error() != null && !n.event().equals(NotificationEvent.RECOVERED)) {
            headline.add("Error" + kind(run) + ": " + Text.abbreviate(run.error(), 300));
        }
        if (!checks.isEmpty()) {
            headline.add((n.event() == NotificationEvent.RUN_WARNED ? "Checks that warned: " : "Checks: ")
                    + String.join(
                            ", ",
                            checks.stream().map(NotificationMessages::checkLine).toList()));
        }
        if (n.streak() != null && n.event() == NotificationEvent.RECOVERED) {
            headline.add("Succeeded after " + n.streak().failures() + " failed run"
                    + (n.streak().failures() == 1 ? "" : "s") + " since "
                    + Text.time(n.streak().since()) + ".");
        }
        if (n.streak() != null && n.event() == NotificationEvent.STILL_FAILING) {
            headline.add(n.streak().failures() + " failed runs in a row since "
                    + Text.time(n.streak().since()) + "; last success: "
                    + Text.time(n.streak().lastSuccessAt()) + ".");
        }
        if (run != null) {
            headline.add("Records: " + counts(run));
        }
        if (links.containsKey("run")) {
            headline.add("Run: " + links.get("run"));
        }

        List<Section> sections = new ArrayList<>();
        if (run != null) {
            List<Field> about = new ArrayList<>();
            about.add(field("Source", who));
            about.add(field("Run id", run.runId()));
            about.add(field("Outcome", run.status()));
            about.add(field("Logical date", run.logicalDate()));
            about.add(field("Trigger", run.trigger()));
            about.add(field("Started", Text.time(run.startedAt())));
            about.add(field("Finished", Text.time(run.finishedAt())));
            if (run.startedAt() != null && run.finishedAt() != null) {
                about.add(field("Duration", Text.duration(Duration.between(run.startedAt(), run.finishedAt()))));
            }
            if (run.traceId() != null) {
                about.add(field("Trace id", run.traceId()));
            }
            sections.add(Section.ofFields("Run", about));

            List<Field> records = new ArrayList<>();
            records.add(field("Counts", counts(run)));
            if (run.inserted() != null || run.updated() != null || run.unchanged() != null) {
                records.add(field(
                        "Merged",
                        "inserted " + Text.number(run.inserted()) + ", updated " + Text.number(run.updated())
                                + ", unchanged " + Text.number(run.unchanged())));
            }
            records.add(field("Pages", run.pages()));
            sections.add(Section.ofFields("Records", records));

            if (run.error() != null) {
                List<Field> error = new ArrayList<>();
                if (run.errorKind() != null) {
                    error.add(field("Kind", run.errorKind()));
                }
                if (run.errorTransient() != null) {
                    error.add(field(
                            "Transient",
                            run.errorTransient()
                                    ? "yes: a later run may succeed with nothing changed"
                                    : "no: something must change first"));
                }
                error.add(field("Message", run.error()));
                sections.add(Section.ofFields("Error", error));
            }
            if (run.attempts() != null && !run.attempts().isEmpty()) {
                List<List<String>> rows = new ArrayList<>();
                for (RunView.Attempt a : run.attempts()) {
                    rows.add(List.of(
                            Integer.toString(a.number()),
                            String.valueOf(a.loadId()),
                            Text.time(a.startedAt()),
                            a.lostBecause() == null ? "" : a.lostBecause()));
                }
                sections.add(Section.ofTable("Attempts", List.of("#", "load", "started", "lost because"), rows));
            }
            if (!checks.isEmpty()) {
                List<List<String>> rows = new ArrayList<>();
                for (Map<String, Object> c : checks) {
                    rows.add(List.of(
                            str(c.get("check")) + (c.get("field") == null ? "" : " (" + str(c.get("field")) + ")"),
                            str(c.get("outcome")),
                            Text.number(c.get("observed")),
                            Text.number(c.get("warn")),
                            Text.number(c.get("error")),
                            str(c.get("note")),
                            samples(c.get("samples"))));
                }
                sections.add(Section.ofTable(
                        "Checks", List.of("check", "outcome", "observed", "warn", "error", "note", "samples"), rows));
            }
            if (run.pull() != null) {
                RunView.Pull p = run.pull();
                List<Field> pull = new ArrayList<>();
                pull.add(field("Mode", p.mode()));
                if (p.since() != null || p.before() != null) {
                    pull.add(field("Asked for", "[" + bound(p.since()) + ", " + bound(p.before()) + ")"));
                }
                pull.add(field("Watermark before", Text.time(p.watermarkAtStart())));
                // a run that did not succeed leaves the watermark where it was: "none" would read as lost
                pull.add(field(
                        "Watermark after",
                        p.watermark() == null && run.status() != RunStatus.SUCCEEDED
                                ? "unmoved"
                                : Text.time(p.watermark())));
                sections.add(Section.ofFields("Pull", pull));
            }
        }
        if (n.streak() != null) {
            sections.add(Section.ofFields(
                    "Failure streak",
                    List.of(
                            field("Failed runs", n.streak().failures()),
                            field("Since", Text.time(n.streak().since())),
                            field("Last success", Text.time(n.streak().lastSuccessAt())))));
        }
        addLinks(sections, links);
        addNotification(sections, n);
        return new NotificationMessage(PREFIX + title, headline, sections, links);
    }

    // ---- a source that missed its run

    private NotificationMessage missed(NotificationView n, String who) {
        NotificationView.Missed m = n.missed();
        boolean daily = m != null && ("P1D".equals(m.expectedEvery()) || "PT24H".equals(m.expectedEvery()));
        String title = n.event() == NotificationEvent.STILL_FAILING
                ? who + ": still missing its runs" + (m == null ? "" : " (overdue since " + day(m.overdueSince()) + ")")
                : who + ": missed its " + (daily ? "daily " : "") + "run";
        List<String> headline = new ArrayList<>();
        headline.add(PREFIX + title);
        List<Section> sections = new ArrayList<>();
        if (m != null) {
            headline.add("No successful run since " + Text.time(m.lastSuccessAt()) + "; expected every "
                    + Text.oneLine(m.expectedEvery()) + " (grace " + Text.oneLine(m.grace()) + "), overdue since "
                    + Text.time(m.overdueSince()) + ".");
            sections.add(Section.ofFields(
                    "Missed run",
                    List.of(
                            field("Source", who),
                            field("Last success", Text.time(m.lastSuccessAt())),
                            field("Expected every", m.expectedEvery()),
                            field("Grace", m.grace()),
                            field("Overdue since", Text.time(m.overdueSince())))));
        }
        addNotification(sections, n);
        return new NotificationMessage(PREFIX + title, headline, sections, Map.of());
    }

    // ---- a weekly report that could not be sent

    private NotificationMessage reportFailed(NotificationView n, String who) {
        NotificationView.Delivery d = n.delivery();
        String report = d != null && d.report() != null ? Text.oneLine(d.report()) : who;
        String window =
                d == null || d.from() == null || d.to() == null ? null : d.from() + " \u2013 " + d.to().minusDays(1);
        String title = report + " report not sent" + (window == null ? "" : " (" + window + ")");
        List<String> headline = new ArrayList<>();
        headline.add(PREFIX + title);
        List<Section> sections = new ArrayList<>();
        if (d != null) {
            int recipients = d.recipients() == null ? 0 : d.recipients().size();
            headline.add("It could not be sent to " + recipients + " recipient" + (recipients == 1 ? "" : "s")
                    + (d.error() == null ? "." : ": " + Text.abbreviate(d.error(), 300)));
            List<Field> fields = new ArrayList<>();
            fields.add(field("Report", report));
            if (window != null) {
                fields.add(field("Window", "[" + d.from() + ", " + d.to() + ")"));
            }
            fields.add(field("Recipients", d.recipients() == null ? "" : String.join(", ", d.recipients())));
            fields.add(field("Delivery id", d.deliveryId()));
            if (d.error() != null) {
                fields.add(field("Error", d.error()));
            }
            sections.add(Section.ofFields("Report", fields));
        }
        addNotification(sections, n);
        return new NotificationMessage(PREFIX + title, headline, sections, Map.of());
    }

    // ---- the daily digest

    private NotificationMessage digest(NotificationView n) {
        List<NotificationView.DigestLine> lines = n.digest() == null ? List.of() : n.digest();
        String title = "daily digest (" + day(n) + ")";
        int runs = lines.stream().mapToInt(NotificationView.DigestLine::runs).sum();
        int failed =
                lines.stream().mapToInt(NotificationView.DigestLine::failed).sum();
        List<String> headline = List.of(
                PREFIX + title,
                lines.size() + " source" + (lines.size() == 1 ? "" : "s") + ", " + runs + " run"
                        + (runs == 1 ? "" : "s") + ", " + failed + " failed.");
        List<List<String>> rows = new ArrayList<>();
        for (NotificationView.DigestLine l : lines) {
            rows.add(List.of(
                    str(l.source()),
                    Integer.toString(l.runs()),
                    Integer.toString(l.succeeded()),
                    Integer.toString(l.failed()),
                    Long.toString(l.loaded()),
                    Long.toString(l.rejected()),
                    str(l.lastStatus()),
                    Text.time(l.lastFinishedAt())));
        }
        List<Section> sections = new ArrayList<>();
        sections.add(Section.ofTable(
                "Sources",
                List.of("source", "runs", "succeeded", "failed", "loaded", "rejected", "last status", "last finished"),
                rows));
        addNotification(sections, n);
        return new NotificationMessage(PREFIX + title, headline, sections, Map.of());
    }

    // ---- parts

    /** The links of a run by name: {@code run}, and {@code rejects} when it has a load. */
    Map<String, String> links(RunReport report) {
        RunView run = report.run();
        Map<String, String> links = new LinkedHashMap<>();
        if (run.runId() != null) {
            links.put("run", expand(runLink, report));
        }
        if (run.loadId() != null) {
            links.put("rejects", expand(rejectsLink, report));
        }
        return links;
    }

    private static String expand(String template, RunReport report) {
        return template.replace("{runId}", encode(report.run().runId()))
                .replace("{loadId}", encode(report.run().loadId()))
                .replace("{source}", encode(report.source()));
    }

    private static String encode(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void addLinks(List<Section> sections, Map<String, String> links) {
        if (links.isEmpty()) {
            return;
        }
        List<Field> fields = new ArrayList<>();
        links.forEach((name, url) -> fields.add(new Field(
                switch (name) {
                    case "run" -> "The run";
                    case "rejects" -> "Its rejects";
                    default -> name;
                },
                url,
                true)));
        sections.add(Section.ofFields("Links", fields));
    }

    private static void addNotification(List<Section> sections, NotificationView n) {
        sections.add(Section.ofFields(
                "Notification",
                List.of(
                        field("Id", n.id()),
                        field("Event", n.event()),
                        field("Subject", n.subject()),
                        field("Recorded", Text.time(n.createdAt())))));
    }

    /**
     * The run's data checks that warned or failed, each as a map of what the warehouse sent (a check's {@code field}
     * and {@code samples} where the warehouse has them; absent members are left out when rendered).
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> notPassed(RunView run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CheckResult c : run.checks()) {
            if (c != null && c.outcome() != null && !CheckResult.PASS.equals(c.outcome())) {
                out.add(JSON.convertValue(c, Map.class));
            }
        }
        return out;
    }

    private static String checkLine(Map<String, Object> c) {
        String threshold = "ERROR".equals(c.get("outcome")) ? "error" : "warn";
        return Text.oneLine(str(c.get("check")) + (c.get("field") == null ? "" : " " + str(c.get("field"))) + " "
                + str(c.get("outcome")) + " (observed " + Text.number(c.get("observed")) + ", " + threshold + " "
                + Text.number(c.get(threshold)) + ")");
    }

    private static String samples(Object samples) {
        if (!(samples instanceof List<?> list) || list.isEmpty()) {
            return "";
        }
        return String.join(", ", list.stream().map(String::valueOf).toList());
    }

    /**
     * The run's counts: as {@code fetched = loaded + rejected + duplicates} when they add up (every succeeded run);
     * a run that failed before its commit counted what it fetched and rejected only, and is not made to look as if
     * records went missing.
     */
    private static String counts(RunView run) {
        if (run.fetched() == run.loaded() + run.rejected() + run.duplicates()) {
            return run.fetched() + " fetched = " + run.loaded() + " loaded + " + run.rejected() + " rejected + "
                    + run.duplicates() + " duplicates";
        }
        return run.fetched() + " fetched, " + run.rejected() + " rejected"
                + (run.loaded() == 0 && run.duplicates() == 0
                        ? "; nothing loaded"
                        : ", " + run.loaded() + " loaded, " + run.duplicates() + " duplicates");
    }

    private static String kind(RunView run) {
        if (run.errorKind() == null) {
            return "";
        }
        return " (" + run.errorKind()
                + (run.errorTransient() == null ? "" : run.errorTransient() ? ", transient" : ", not transient")
                + ")";
    }

    private static String streakSuffix(NotificationView.Streak s) {
        return s == null
                ? ""
                : " (" + s.failures() + " failed run" + (s.failures() == 1 ? "" : "s") + " since " + day(s.since())
                        + ")";
    }

    private static LocalDate day(NotificationView n) {
        return n.createdAt() == null
                ? null
                : n.createdAt().atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static String bound(java.time.Instant instant) {
        return instant == null ? "unbounded" : Text.time(instant);
    }

    private static String day(java.time.Instant instant) {
        return instant == null
                ? "unknown"
                : instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Field field(String label, Object value) {
        return new Field(label, value == null ? "" : String.valueOf(value), false);
    }

    private static String str(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
