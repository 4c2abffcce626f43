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

    @Test
    void eachAuthTypeIsReadFromItsKeysAndShowsNoSecret() {
        // given a source of each auth type, and one without auth keys
        Map<String, String> keys = new HashMap<>();
        keys.put("ingest.sources.plain.url", "https://plain.example.com/api");
        keys.put("ingest.sources.bearer.url", "https://bearer.example.com/api");
        keys.put("ingest.sources.bearer.auth.type", "bearer");
        keys.put("ingest.sources.bearer.auth.token", "bearer-s3cret");
        keys.put("ingest.sources.header.url", "https://header.example.com/api");
        keys.put("ingest.sources.header.auth.type", "api-key");
        keys.put("ingest.sources.header.auth.api-key", "header-s3cret");
        keys.put("ingest.sources.query.url", "https://query.example.com/api");
        keys.put("ingest.sources.query.auth.type", "API-KEY");
        keys.put("ingest.sources.query.auth.api-key", "query-s3cret");
        keys.put("ingest.sources.query.auth.query-param", "api_key");
        keys.put("ingest.sources.basic.url", "https://basic.example.com/api");
        keys.put("ingest.sources.basic.auth.type", "basic");
        keys.put("ingest.sources.basic.auth.username", "ingest");
        keys.put("ingest.sources.basic.auth.password", "basic-s3cret");
        keys.put("ingest.sources.oauth.url", "https://oauth.example.com/api");
        keys.put("ingest.sources.oauth.auth.type", "oauth2");
        keys.put("ingest.sources.oauth.auth.token-url", "https://login.example.com/oauth2/token");
        keys.put("ingest.sources.oauth.auth.client-id", "ingest-client");
        keys.put("ingest.sources.oauth.auth.client-secret", "client-s3cret");
        keys.put("ingest.sources.oauth.auth.scope", "transactions:read");
        keys.put("ingest.sources.oauth.auth.audience", "https://oauth.example.com");

        // when they are read
        Map<String, SourceAuth> auth = new HashMap<>();
        SourceCatalog.of(config(keys, Map.of())).forEach(s -> auth.put(s.name(), s.auth()));

        // then each has what its keys say, the header defaulting to X-API-Key
        assertThat(auth.get("plain")).isInstanceOf(SourceAuth.None.class);
        assertThat(auth.get("bearer")).isEqualTo(new SourceAuth.Bearer("bearer-s3cret"));
        assertThat(auth.get("header"))
                .isEqualTo(new SourceAuth.ApiKey("header-s3cret", "X-API-Key", java.util.Optional.empty()));
        assertThat(auth.get("query"))
                .isEqualTo(new SourceAuth.ApiKey("query-s3cret", "X-API-Key", java.util.Optional.of("api_key")));
        assertThat(auth.get("basic")).isEqualTo(new SourceAuth.Basic("ingest", "basic-s3cret"));
        assertThat(auth.get("oauth"))
                .isEqualTo(new SourceAuth.OAuth2(
                        URI.create("https://login.example.com/oauth2/token"),
                        "ingest-client",
                        "client-s3cret",
                        java.util.Optional.of("transactions:read"),
                        java.util.Optional.of("https://oauth.example.com")));
        // and none of them says its secret when printed
        assertThat(auth.values().toString())
                .doesNotContain("bearer-s3cret", "header-s3cret", "query-s3cret", "basic-s3cret", "client-s3cret");
    }

    @Test
    void theOlderAuthTokenStillMeansBearer() {
        // given today's single source with its bearer token under the old key
        IngestConfig single = config(
                Map.of(
                        "ingest.source.url", "https://api.example.com/v1/transactions",
                        "ingest.source.auth-token", "old-s3cret"),
                Map.of());
        // and a named source with it from the environment, and one whose auth-token is empty (as an unset Secret key
        // maps it)
        IngestConfig named = config(
                Map.of(
                        "ingest.sources.payments.url", "https://pay.example.com/api",
                        "ingest.sources.refunds.url", "https://refunds.example.com/api",
                        "ingest.sources.refunds.auth-token", ""),
                Map.of("INGEST_SOURCES_PAYMENTS_AUTH_TOKEN", "env-s3cret"));

        // and today's single source with it from the environment (the variable of auth-token and auth.token alike)
        IngestConfig fromEnv = config(
                Map.of("ingest.source.url", "https://api.example.com/v1/transactions"),
                Map.of("INGEST_SOURCE_AUTH_TOKEN", "env-old-s3cret"));

        // when they are read, then the token is sent as a bearer token, as before
        assertThat(SourceCatalog.of(single).get(0).auth()).isEqualTo(new SourceAuth.Bearer("old-s3cret"));
        assertThat(SourceCatalog.of(fromEnv).get(0).auth()).isEqualTo(new SourceAuth.Bearer("env-old-s3cret"));
        List<SourceSettings> sources = SourceCatalog.of(named);
        assertThat(sources.get(0).auth()).isEqualTo(new SourceAuth.Bearer("env-s3cret"));
        assertThat(sources.get(1).auth()).isInstanceOf(SourceAuth.None.class);
    }

    @Test
    void everyAuthProblemIsNamedByItsKeyWithoutTheSecrets() {
        // given sources whose auth keys are missing, contradict each other or name an unknown type
        Map<String, String> keys = new HashMap<>();
        keys.put("ingest.sources.nokey.url", "https://a.example.com/api");
        keys.put("ingest.sources.nokey.auth.type", "api-key");
        keys.put("ingest.sources.both.url", "https://b.example.com/api");
        keys.put("ingest.sources.both.auth.type", "api-key");
        keys.put("ingest.sources.both.auth.api-key", "both-s3cret");
        keys.put("ingest.sources.both.auth.header", "X-Key");
        keys.put("ingest.sources.both.auth.query-param", "key");
        keys.put("ingest.sources.odd.url", "https://c.example.com/api");
        keys.put("ingest.sources.odd.auth.type", "kerberos");
        keys.put("ingest.sources.basic.url", "https://d.example.com/api");
        keys.put("ingest.sources.basic.auth.type", "basic");
        keys.put("ingest.sources.basic.auth.username", "ingest");
        keys.put("ingest.sources.oauth.url", "https://e.example.com/api");
        keys.put("ingest.sources.oauth.auth.type", "oauth2");
        keys.put("ingest.sources.oauth.auth.token-url", "login.example.com/token");
        keys.put("ingest.sources.oauth.auth.client-id", "ingest");
        keys.put("ingest.sources.bearer.url", "https://f.example.com/api");
        keys.put("ingest.sources.bearer.auth.type", "bearer");
        keys.put("ingest.sources.untyped.url", "https://g.example.com/api");
        keys.put("ingest.sources.untyped.auth.api-key", "untyped-s3cret");
        keys.put("ingest.sources.mixed.url", "https://h.example.com/api");
        keys.put("ingest.sources.mixed.auth-token", "mixed-s3cret");
        keys.put("ingest.sources.mixed.auth.type", "basic");
        keys.put("ingest.sources.mixed.auth.username", "ingest");
        keys.put("ingest.sources.mixed.auth.password", "mixed-password-s3cret");

        // when they are read, then one error names each key at fault
        assertThatThrownBy(() -> SourceCatalog.of(config(keys, Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ingest.sources.nokey.auth.api-key: required with auth.type=api-key")
                .hasMessageContaining(
                        "ingest.sources.both.auth.header: set together with " + "ingest.sources.both.auth.query-param")
                .hasMessageContaining("ingest.sources.odd.auth.type: unknown type \"kerberos\": none, bearer, api-key,"
                        + " basic or oauth2")
                .hasMessageContaining("ingest.sources.basic.auth.password: required with auth.type=basic")
                .hasMessageContaining("ingest.sources.oauth.auth.client-secret: required with auth.type=oauth2")
                .hasMessageContaining("ingest.sources.oauth.auth.token-url: not an http(s) URL with a host")
                .hasMessageContaining("ingest.sources.bearer.auth.token: required with auth.type=bearer")
                .hasMessageContaining(
                        "ingest.sources.untyped.auth.api-key: not used with auth.type=none (set " + "auth.type)")
                .hasMessageContaining(
                        "ingest.sources.mixed.auth-token: set, but ingest.sources.mixed.auth.type is " + "basic")
                .message()
                .doesNotContain("both-s3cret", "untyped-s3cret", "mixed-s3cret", "mixed-password-s3cret");
    }

    @Test
    void theDocumentedAuthExampleIsReadAsItSays() {
        // given the example of docs/configuration.md, the client secret and API key from the environment
        IngestConfig config = config(
                properties(Docs.example("source-auth")),
                Map.of("PAYMENTS_EU_CLIENT_SECRET", "eu-s3cret", "INGEST_SOURCES_REFUNDS_AUTH_API_KEY", "refunds-key"));

        // when it is read
        List<SourceSettings> sources = SourceCatalog.of(config);

        // then each source authenticates as the page says
        assertThat(sources).extracting(SourceSettings::name).containsExactly("payments-eu", "refunds");
        assertThat(sources.get(0).auth())
                .isEqualTo(new SourceAuth.OAuth2(
                        URI.create("https://login.example.com/oauth2/token"),
                        "daily-etl",
                        "eu-s3cret",
                        java.util.Optional.of("payments.read"),
                        java.util.Optional.empty()));
        assertThat(sources.get(1).auth())
                .isEqualTo(new SourceAuth.ApiKey("refunds-key", "X-API-Key", java.util.Optional.of("api_key")));
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
