package io.dailyetl.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.dailyetl.testing.docs.Docs;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The sources a configuration describes: today's single {@code ingest.source.*} unchanged, several under
 * {@code ingest.sources.<name>.*} with their own shape and the deployment's defaults, and every problem named by its
 * key, without the secrets a URL may carry.
 */
class SourceCatalogTest {

    @Test
    void todaysSingleSourceKeepsWorkingUnderItsLoadName() {
        // given a deployment configured as before this change
        IngestConfig config = config(
                Map.of(
                        "ingest.source.url",
                        "https://api.example.com/v1/transactions",
                        "ingest.clean.zone",
                        "Europe/Berlin"),
                Map.of());

        // when its sources are read
        List<SourceSettings> sources = SourceCatalog.of(config);

        // then there is one, named as its loads have always been filed, with its own keys
        assertThat(sources).hasSize(1);
        SourceSettings only = sources.get(0);
        assertThat(only.name()).isEqualTo("transactions");
        assertThat(only.prefix()).isEqualTo("ingest.source");
        assertThat(only.url()).isEqualTo(URI.create("https://api.example.com/v1/transactions"));
        assertThat(only.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(only.schedule()).isEqualTo("0 0 2 * * ?");
        assertThat(only.fields().id()).isEqualTo("id");
    }

    @Test
    void severalSourcesEachHaveTheirOwnShapeAndTheDeploymentsDefaults() {
        // given two sources, one with its own pagination, field names, zone and schedule
        IngestConfig config = config(
                Map.of(
                        "ingest.sources.payments.url", "https://pay.example.com/api/payments",
                        "ingest.sources.refunds.url", "https://refunds.example.com/v2/items?region=eu",
                        "ingest.sources.refunds.pagination", "cursor",
                        "ingest.sources.refunds.cursor-path", "meta.next",
                        "ingest.sources.refunds.fields.id", "refund_id",
                        "ingest.sources.refunds.zone", "Asia/Tokyo",
                        "ingest.sources.refunds.schedule", "off",
                        "ingest.sources.refunds.max-page-bytes", "2M"),
                Map.of());

        // when they are read
        List<SourceSettings> sources = SourceCatalog.of(config);

        // then both, by name, each with what it set and the defaults for the rest
        assertThat(sources).extracting(SourceSettings::name).containsExactly("payments", "refunds");
        SourceSettings payments = sources.get(0);
        SourceSettings refunds = sources.get(1);
        assertThat(payments.prefix()).isEqualTo("ingest.sources.payments");
        assertThat(payments.source().pagination()).isEqualTo(IngestConfig.Pagination.PAGE);
        assertThat(payments.fields().id()).isEqualTo("id");
        assertThat(payments.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(payments.schedule()).isEqualTo("0 0 2 * * ?");
        assertThat(payments.source().readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(refunds.source().pagination()).isEqualTo(IngestConfig.Pagination.CURSOR);
        assertThat(refunds.source().cursorPath()).isEqualTo("meta.next");
        assertThat(refunds.fields().id()).isEqualTo("refund_id");
        assertThat(refunds.fields().userId()).isEqualTo("user_id");
        assertThat(refunds.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(refunds.schedule()).isEqualTo("off");
        assertThat(refunds.source().maxPageBytes().asLongValue()).isEqualTo(2L * 1024 * 1024);
    }

    @Test
    void aSourceCanBeConfiguredFromTheEnvironment() {
        // given a source set by environment variables only, and one whose name has a '-' named in a property
        IngestConfig config = config(
                Map.of("ingest.sources.\"payments-eu\".url", "${PAYMENTS_EU_URL}"),
                Map.of(
                        "INGEST_SOURCES_CARDS_URL", "https://cards.example.com/tx",
                        "INGEST_SOURCES_CARDS_PAGE_SIZE", "500",
                        "PAYMENTS_EU_URL", "https://eu.example.com/payments"));

        // when they are read, then both are there with their values
        List<SourceSettings> sources = SourceCatalog.of(config);
        assertThat(sources).extracting(SourceSettings::name).containsExactly("cards", "payments-eu");
        assertThat(sources.get(0).source().pageSize()).hasValue(500);
        assertThat(sources.get(1).url()).isEqualTo(URI.create("https://eu.example.com/payments"));
    }

    @Test
    void theDocumentedExampleOfSeveralSourcesIsReadAsItSays() {
        // given the example of docs/configuration.md, the dashed name's URL coming from the environment, and keys of
        // the single source's that the sources do not take their values from
        Map<String, String> properties = new HashMap<>(properties(Docs.example("several-sources")));
        properties.put("ingest.source.retry.max-attempts", "3");
        properties.put("ingest.fields.user-id", "customer");
        properties.put("ingest.clean.zone", "Europe/Berlin");
        IngestConfig config = config(properties, Map.of("PAYMENTS_EU_URL", "https://eu.example.com/payments"));

        // when it is read
        List<SourceSettings> sources = SourceCatalog.of(config);

        // then three sources, each as the page says: its own zone and schedule, or the deployment's
        assertThat(sources).extracting(SourceSettings::name).containsExactly("payments", "payments-eu", "refunds");
        SourceSettings payments = sources.get(0);
        SourceSettings eu = sources.get(1);
        SourceSettings refunds = sources.get(2);
        assertThat(payments.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(payments.schedule()).isEqualTo("0 30 3 * * ?");
        assertThat(eu.url()).isEqualTo(URI.create("https://eu.example.com/payments"));
        assertThat(eu.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(eu.schedule()).isEqualTo("0 0 2 * * ?");
        assertThat(refunds.schedule()).isEqualTo("off");
        assertThat(refunds.source().pagination()).isEqualTo(IngestConfig.Pagination.CURSOR);
        assertThat(refunds.source().recordsPath()).isEqualTo("data.items");
        assertThat(refunds.fields().id()).isEqualTo("refund_id");
        // and every key a source does not set has the same default as any other's
        assertThat(refunds.fields().userId()).isEqualTo("user_id");
        assertThat(eu.source().pagination()).isEqualTo(IngestConfig.Pagination.PAGE);
        assertThat(eu.source().retry().maxAttempts()).isEqualTo(6);
        assertThat(payments.source().maxPageBytes().asLongValue()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void everyProblemIsNamedByItsKeyInOneError() {
        // given a source without URL, one with an ftp URL, a badly named one, and bad limits
        IngestConfig config = config(
                Map.of(
                        "ingest.sources.nourl.pagination", "offset",
                        "ingest.sources.ftp.url", "ftp://files.example.com/tx",
                        "ingest.sources.Payments.url", "https://pay.example.com/api",
                        "ingest.sources.limits.url", "https://limits.example.com/api",
                        "ingest.sources.limits.max-pages", "0",
                        "ingest.sources.limits.retry.max-attempts", "0",
                        "ingest.sources.limits.zone", "Mars/Olympus"),
                Map.of());

        // when they are read, then one error names each key at fault
        assertThatThrownBy(() -> SourceCatalog.of(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ingest.sources.nourl.url: required")
                .hasMessageContaining("ingest.sources.ftp.url: not an http(s) URL")
                .hasMessageContaining("ingest.sources.Payments: the source's name \"Payments\"")
                .hasMessageContaining("ingest.sources.limits.max-pages: at least 1")
                .hasMessageContaining("ingest.sources.limits.retry.max-attempts: at least 1")
                .hasMessageContaining(
                        "ingest.sources.limits.zone: not a zone id such as Europe/Berlin or +02:00: \"Mars/Olympus\"");
    }

    @Test
    void aBadCronIsNamedByTheKeyItCameFrom() {
        // given a source with a cron of its own that is not one, and a deployment default that is not one either
        IngestConfig several = config(
                Map.of(
                        "ingest.sources.own.url", "https://own.example.com/api",
                        "ingest.sources.own.schedule", "every day at two",
                        "ingest.sources.inherits.url", "https://inherits.example.com/api",
                        "ingest.sources.off.url", "https://off.example.com/api",
                        "ingest.sources.off.schedule", "OFF",
                        "ingest.schedule.cron", "0 0 25 * * ?"),
                Map.of());

        // when they are read, then each bad cron is named by its key, and off is no problem
        assertThatThrownBy(() -> SourceCatalog.of(several))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ingest.sources.own.schedule: not a Quartz cron expression (e.g. 0 0 2 * * ?) or "
                        + "off: \"every day at two\"")
                .hasMessageContaining("ingest.schedule.cron: not a Quartz cron expression (e.g. 0 0 2 * * ?) or off: "
                        + "\"0 0 25 * * ?\"")
                .message()
                .doesNotContain("ingest.sources.off");
        // and so is today's single source's
        assertThatThrownBy(() -> SourceCatalog.of(config(
                        Map.of("ingest.source.url", "https://one.example.com/api", "ingest.schedule.cron", "daily"),
                        Map.of())))
                .hasMessage("ingest.schedule.cron: not a Quartz cron expression (e.g. 0 0 2 * * ?) or off: \"daily\"");
    }

    @Test
    void todaysKeysBesideSeveralSourcesAreRefusedNamingBoth() {
        IngestConfig config = config(
                Map.of(
                        "ingest.source.url", "https://old.example.com/tx",
                        "ingest.sources.payments.url", "https://pay.example.com/api"),
                Map.of());

        assertThatThrownBy(() -> SourceCatalog.of(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ingest.source.url: set together with ingest.sources.*");
    }

    @Test
    void aSingleSourceWithoutUrlSaysWhichKeyIsMissing() {
        assertThatThrownBy(() -> SourceCatalog.of(config(Map.of(), Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ingest.source.url: required: the URL of the source's first page");
    }

    @Test
    void aBadUrlIsNamedWithoutTheCredentialsItCarries() {
        IngestConfig config = config(
                Map.of("ingest.sources.leaky.url", "ftp://alice:s3cr3t-pass@files.example.com/tx?api_key=k3y-value"),
                Map.of());

        assertThatThrownBy(() -> SourceCatalog.of(config))
                .hasMessageContaining(
                        "ingest.sources.leaky.url: not an http(s) URL with a host: ftp://…@files.example.com/tx?…")
                .message()
                .doesNotContain("s3cr3t-pass", "alice", "k3y-value");
    }

    private static Map<String, String> properties(String text) {
        Properties read = new Properties();
        try {
            read.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        read.stringPropertyNames().forEach(k -> map.put(k, read.getProperty(k)));
        return map;
    }

    /** The IngestConfig mapping over {@code properties} and {@code env} (as environment variables), as Quarkus reads it. */
    private static IngestConfig config(Map<String, String> properties, Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(IngestConfig.class)
                .build();
        return config.getConfigMapping(IngestConfig.class);
    }
}
