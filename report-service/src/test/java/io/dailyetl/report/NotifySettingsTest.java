package io.dailyetl.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.report.config.NotifyConfig;
import io.dailyetl.report.notify.NotifySettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sender refuses a configuration it cannot use, naming the key, and never prints a secret or a secret URL. */
class NotifySettingsTest {

    private static final String SLACK = "https://hooks.slack.example/services/T0/B0/pathSecretAbc";

    static NotifyConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("quarkus.rest-client.warehouse.url", "http://warehouse:8082");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(NotifyConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build();
        return config.getConfigMapping(NotifyConfig.class);
    }

    @Test
    void noChannelIsAValidConfigurationAndTheLinksPointAtTheWarehouse() {
        NotifyConfig config = config(Map.of());

        assertThat(NotifySettings.problems(config)).isEmpty();
        assertThat(config.links().run()).isEqualTo("http://warehouse:8082/api/runs/{runId}");
        assertThat(config.links().rejects()).isEqualTo("http://warehouse:8082/api/loads/{loadId}/rejects");
        assertThat(config.webhook().timeout()).hasSeconds(10);
    }

    @Test
    void aBaseUrlMovesEveryLink() {
        NotifyConfig config = config(Map.of("report.notify.base-url", "https://console.example"));

        assertThat(config.links().run()).isEqualTo("https://console.example/api/runs/{runId}");
        assertThat(NotifySettings.problems(config)).isEmpty();
    }

    @Test
    void aWebhookWithoutASecretIsRefusedNamingTheKey() {
        List<String> problems = NotifySettings.problems(config(Map.of("report.notify.webhook.url", SLACK)));

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("report.notify.webhook.secret (REPORT_NOTIFY_WEBHOOK_SECRET) is required");
        assertThat(problems.toString()).doesNotContain("pathSecretAbc");
    }

    @Test
    void aShortSecretIsRefusedWithoutPrintingIt() {
        List<String> problems = NotifySettings.problems(
                config(Map.of("report.notify.webhook.url", SLACK, "report.notify.webhook.secret", "tooShort123")));

        assertThat(problems).singleElement().asString().contains("shorter than 16 characters");
        assertThat(problems.toString()).doesNotContain("tooShort123");
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedWithoutPrintingIt() {
        for (String url :
                List.of("ftp://files.example/secretPath1", "file:///etc/secretPath1", "hooks.example/secretPath1")) {
            List<String> problems = NotifySettings.problems(config(
                    Map.of("report.notify.webhook.url", url, "report.notify.webhook.secret", "0123456789abcdef0123")));

            assertThat(problems)
                    .as(url)
                    .singleElement()
                    .asString()
                    .startsWith(
                            "report.notify.webhook.url (REPORT_NOTIFY_WEBHOOK_URL) is not an absolute http or https URL");
            assertThat(problems.toString()).doesNotContain("secretPath1");
        }
    }

    @Test
    void aRecipientThatIsNoAddressIsRefusedNamingIt() {
        List<String> problems =
                NotifySettings.problems(config(Map.of("report.notify.email.to", "ops@example.com,not an address")));

        assertThat(problems)
                .containsExactly("report.notify.email.to (REPORT_NOTIFY_EMAIL_TO) has \"not an address\", which is not"
                        + " an e-mail address");
    }

    @Test
    void aLinkTemplateThatIsNoUrlIsRefused() {
        assertThat(NotifySettings.problems(config(Map.of("report.notify.links.run", "/runs/{runId}"))))
                .singleElement()
                .asString()
                .startsWith("report.notify.links.run (REPORT_NOTIFY_LINKS_RUN) is not an http or https URL");
    }
}
