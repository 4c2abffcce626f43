package io.dailyetl.devstack;

import static io.dailyetl.devstack.DeployFiles.listOrEmpty;
import static io.dailyetl.devstack.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.docs.Docs;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/observability.md's table of alerts and README's count of them against the rules a cluster gets
 * ({@code deploy/monitoring/prometheus-rules.yaml}): the same alerts with the same severities.
 */
class AlertDocsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(DailyEtl\\w+)` \\|.*\\| (\\w+) \\|$");
    private static final Map<String, Integer> NUMBERS = Map.of("four", 4, "five", 5, "six", 6, "seven", 7);

    @Test
    void theDocumentedAlertsAreTheRulesAlerts() {
        Map<String, String> documented = new TreeMap<>();
        for (String line : Docs.page("docs/observability.md").split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                documented.put(row.group(1), row.group(2));
            }
        }
        Map<String, String> rules = new TreeMap<>();
        Map<String, Object> file =
                DeployFiles.loadMap(DeployFiles.repoRoot().resolve("deploy/monitoring/prometheus-rules.yaml"));
        for (Object group : listOrEmpty(map(file.get("spec"), "spec").get("groups"), "groups")) {
            for (Object rule : listOrEmpty(map(group, "group").get("rules"), "rules")) {
                Map<String, Object> r = map(rule, "rule");
                rules.put(
                        String.valueOf(r.get("alert")),
                        String.valueOf(map(r.get("labels"), "labels").get("severity")));
            }
        }
        assertThat(documented)
                .as("docs/observability.md's alerts and severities")
                .isEqualTo(rules);

        Matcher count = Pattern.compile("`PrometheusRule` with (\\w+) alerts").matcher(Docs.page("README.md"));
        assertThat(count.find()).as("README says how many alerts the rule has").isTrue();
        assertThat(NUMBERS.get(count.group(1))).as("README's count of alerts").isEqualTo(rules.size());
    }
}
