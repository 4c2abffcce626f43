package io.dailyetl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The PromQL of the Grafana dashboard ({@code deploy/grafana/daily-etl.json}) and of the alert rules
 * ({@code deploy/monitoring/prometheus-rules.yaml}), and the metric names they use, so that each
 * service's tests can check the names against what its {@code /q/metrics} really exposes: a renamed metric breaks the
 * build, not the dashboard.
 */
public final class MonitoringQueries {

    public static final Path DASHBOARD = Path.of("deploy/grafana/daily-etl.json");
    public static final Path RULES = Path.of("deploy/monitoring/prometheus-rules.yaml");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "inf",
            "nan");

    private MonitoringQueries() {}

    /** The dashboard, parsed. */
    public static JsonNode dashboard() {
        try {
            return new ObjectMapper()
                    .readTree(Files.readString(ServiceProcess.repositoryRoot().resolve(DASHBOARD)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every expression: "dashboard: <panel title>" or "rule: <alert>" → PromQL. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> expressions() {
        Map<String, String> all = new LinkedHashMap<>();
        for (JsonNode panel : dashboard().path("panels")) {
            int i = 0;
            for (JsonNode target : panel.path("targets")) {
                all.put(
                        "dashboard: " + panel.path("title").asText() + " #" + i++,
                        target.path("expr").asText());
            }
        }
        try {
            Map<String, Object> rule = new Yaml()
                    .load(Files.readString(ServiceProcess.repositoryRoot().resolve(RULES)));
            for (Map<String, Object> group :
                    (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups")) {
                for (Map<String, Object> r : (List<Map<String, Object>>) group.get("rules")) {
                    all.put("rule: " + r.get("alert"), String.valueOf(r.get("expr")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** The metric names an expression reads (label names, functions, keywords, numbers and durations left out). */
    public static Set<String> metricNames(String promql) {
        String s = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // string literals
                .replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " ") // range durations
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            boolean function = after < s.length() && s.charAt(after) == '(';
            boolean number =
                    m.start() > 0 && (Character.isDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '.');
            if (!function && !number && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** Every metric name the dashboard and the rules use. */
    public static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        expressions().values().forEach(e -> names.addAll(metricNames(e)));
        return names;
    }

    /** The metric names of a Prometheus text exposition ({@code /q/metrics}): each sample line's name. */
    public static Set<String> exposed(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = IDENTIFIER.matcher(line);
                if (m.lookingAt()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    /** Of {@code used}, those with {@code prefix} that {@code exposition} does not have. */
    public static List<String> missing(Set<String> used, String prefix, String exposition) {
        Set<String> exposed = exposed(exposition);
        List<String> missing = new ArrayList<>();
        for (String name : used) {
            if (name.startsWith(prefix) && !exposed.contains(name)) {
                missing.add(name);
            }
        }
        return missing;
    }
}
