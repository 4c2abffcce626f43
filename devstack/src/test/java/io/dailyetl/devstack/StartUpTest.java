package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.DatabaseLogin;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.DocClaims;
import io.dailyetl.testing.docs.Docs;
import io.dailyetl.testing.docs.Documents;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a packaged service that cannot start says why: as a person starts it ({@code java -jar}, the {@code prod}
 * profile), in JSON logs (prod's default) and in plain ones. A refused configuration is one plain line, checked before
 * the database is touched; a port in use is Quarkus' own message, not a warm-up cut short by the stop.
 */
class StartUpTest {

    private static final String ROW =
            "troubleshooting: start-up fails: \"no operator token\" / \"no token for the warehouse\"";
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Pattern VARIABLE = Pattern.compile("PIPELINE_[A-Z_]+");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    static Stream<Arguments> refusals() {
        return Stream.of("json", "plain")
                .flatMap(format -> Stream.of("warehouse-service", "ingest-service", "report-service")
                        .map(module -> Arguments.of(module, format)));
    }

    @ParameterizedTest(name = "{0}, {1} logs")
    @MethodSource("refusals")
    @Documents("troubleshooting: start-up fails: \"no operator token\" / \"no token for the warehouse\"")
    void aServiceWithoutItsTokenSaysSoInOnePlainLineAndTouchesNoDatabase(String module, String format)
            throws Exception {
        // given a service configured as a deployment is, but for the token the troubleshooting row names
        boolean warehouse = module.equals("warehouse-service");
        Map<String, String> env = new HashMap<>(logs(format));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ServiceProcess.freePort()));
        String database = null;
        if (warehouse) {
            database = newDatabase();
            env.putAll(warehouseEnv(database));
        } else {
            // an operator token, so that only the warehouse token is missing
            env.put("PIPELINE_TOKENS_OPERATOR", "start-up-test-operator");
            env.put("QUARKUS_REST_CLIENT_WAREHOUSE_URL", "http://localhost:" + ServiceProcess.freePort());
            env.put("INGEST_SOURCE_URL", "http://localhost:" + ServiceProcess.freePort() + "/api/transactions");
        }

        // when it is started
        try (Launch service = launch(module, env, "refused-" + format)) {

            // then it exits, non-zero, within seconds
            assertThat(service.exitsWithin(WITHIN))
                    .as("%s exited within %s s:\n%s", module, WITHIN.toSeconds(), service.output())
                    .isTrue();
            assertThat(service.exitValue()).as(service.output()).isNotZero();

            // and its output is the row's text on a line of its own, plain in every log format, with no stack trace
            String quote = DocClaims.quoted(ROW).get(warehouse ? 0 : 1);
            List<String> lines = service.lines();
            List<String> reason =
                    lines.stream().filter(l -> Docs.contains(l, quote)).toList();
            assertThat(reason)
                    .as("lines that say \"%s\":\n%s", quote, service.output())
                    .hasSize(1);
            String line = reason.get(0);
            assertThat(line).as("a plain line, not a log record").startsWith(quote);
            assertThat(lines)
                    .as("no stack trace, no 'Failed to start'")
                    .noneMatch(l -> l.startsWith("\tat ") || l.contains("Caused by") || l.contains("Failed to start"))
                    .noneMatch(l -> l.contains("\"exception\""));
            // naming the variables the row tells a person to set
            assertThat(variables(line)).as(line).isNotEmpty().isSubsetOf(variables(DocClaims.row(ROW)));
            System.out.printf(
                    Locale.ROOT, "%s (%s logs) refused in %.1f s: %s%n", module, format, service.seconds(), line);
        }

        // and (the warehouse) the configuration was checked before the database was touched: nothing migrated
        if (warehouse) {
            assertThat(tables(database)).as("tables of %s", database).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} logs")
    @ValueSource(strings = {"json", "plain"})
    void aWarehouseWhosePortIsTakenSaysSoAndNotThatAWarmUpFailed(String format) throws Exception {
        // given a port some other process holds
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> env = new HashMap<>(logs(format));
            env.putAll(warehouseEnv(newDatabase()));
            env.put("PIPELINE_API_TOKEN", "start-up-test-token");
            env.put("QUARKUS_HTTP_PORT", Integer.toString(taken.getLocalPort()));

            // when the warehouse is started on it
            try (Launch service = launch("warehouse-service", env, "port-taken-" + format)) {

                // then it exits non-zero, saying the port is in use, and nothing about its warm-ups
                assertThat(service.exitsWithin(Duration.ofSeconds(120)))
                        .as("exited:\n%s", service.output())
                        .isTrue();
                assertThat(service.exitValue()).as(service.output()).isNotZero();
                String output = service.output();
                assertThat(output)
                        .as("the port conflict")
                        .contains("Port " + taken.getLocalPort() + " seems to be in use");
                assertThat(service.lines())
                        .as("warm-up lines")
                        .noneMatch(l -> l.contains("warm-up") && (l.contains("failed") || l.contains("WARN")));
                System.out.printf(
                        Locale.ROOT,
                        "warehouse on a taken port (%s logs): %d lines in %.1f s%n",
                        format,
                        service.lines().size(),
                        service.seconds());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "WAREHOUSE_CHECKS_DEFAULT_REJECT_SHARE_ERROR=5|warehouse.checks.default.reject-share.error=5.0 is outside [0, 1]",
                "WAREHOUSE_CHECKS_DEFAULT_VOLUME_RUNS=0|warehouse.checks.default.volume.runs=0 must be at least 1",
                "WAREHOUSE_CHECKS_DEFAULT_REJECTS_SHARE_WARN=0.1|warehouse.checks.default.rejects.share.warn is not a check's threshold"
            })
    void aWarehouseWithADataCheckKeyUnknownOrOutOfRangeRefusesToStartNamingIt(String setting) throws Exception {
        // given a warehouse configured as a deployment is, but for one data check's key (docs/checks.md), and a valid
        // one beside it
        String[] parts = setting.split("\\|");
        String[] variable = parts[0].split("=");
        Map<String, String> env = new HashMap<>(logs("plain"));
        env.putAll(warehouseEnv(newDatabase()));
        env.put("PIPELINE_API_TOKEN", "start-up-test-token");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put(variable[0], variable[1]);
        env.put("WAREHOUSE_CHECKS_DEFAULT_DUPLICATE_SHARE_WARN", "0.2");

        // when it is started
        try (Launch service = launch("warehouse-service", env, "checks-" + variable[0].toLowerCase(Locale.ROOT))) {

            // then it exits non-zero, naming the key, its value and the range
            assertThat(service.exitsWithin(Duration.ofSeconds(120)))
                    .as("exited:\n%s", service.output())
                    .isTrue();
            assertThat(service.exitValue()).as(service.output()).isNotZero();
            assertThat(service.output()).contains(parts[1]);
            // and a known key set as an environment variable is not taken for an unknown one
            assertThat(service.output().split("is not a check's threshold", -1))
                    .as(service.output())
                    .hasSize(parts[1].contains("is not a check's threshold") ? 2 : 1);
        }
    }

    @ParameterizedTest(name = "{0} logs")
    @ValueSource(strings = {"json", "plain"})
    void anIngestWithASourceWithoutUrlSaysWhichKeyInOnePlainLine(String format) throws Exception {
        // given an ingest of two sources configured from the environment, one of them without its URL
        Map<String, String> env = new HashMap<>(logs(format));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("PIPELINE_TOKENS_OPERATOR", "start-up-test-operator");
        env.put("PIPELINE_WAREHOUSE_TOKEN", "start-up-test-loader");
        env.put("QUARKUS_REST_CLIENT_WAREHOUSE_URL", "http://localhost:" + ServiceProcess.freePort());
        env.put("INGEST_SOURCES_REFUNDS_URL", "http://localhost:" + ServiceProcess.freePort() + "/api/refunds");
        env.put("INGEST_SOURCES_PAYMENTS_PAGINATION", "offset");

        // when it is started
        try (Launch service = launch("ingest-service", env, "sources-" + format)) {

            // then it exits non-zero, saying which key is missing on a plain line of its own, without a stack trace
            assertThat(service.exitsWithin(WITHIN)).as(service.output()).isTrue();
            assertThat(service.exitValue()).as(service.output()).isNotZero();
            List<String> reason = service.lines().stream()
                    .filter(l -> l.contains("ingest.sources.payments.url: required"))
                    .toList();
            assertThat(reason).as(service.output()).hasSize(1);
            assertThat(reason.get(0)).startsWith("ingest.sources.payments.url: required");
            assertThat(service.lines()).noneMatch(l -> l.startsWith("\tat ") || l.contains("Caused by"));
        }
    }

    /** The log format: prod's JSON (its default), or plain text as the local stack and a terminal use. */
    private static Map<String, String> logs(String format) {
        return format.equals("plain") ? Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false") : Map.of();
    }

    private static Launch launch(String module, Map<String, String> env, String name) throws Exception {
        Path root = ServiceProcess.repositoryRoot();
        return Launch.start(
                ServiceProcess.runnerJar(root, module),
                env,
                root.resolve("devstack/target/start-up").resolve(module + "-" + name + ".log"));
    }

    /** A new, empty database owned by the schema's owner, on the tests' PostgreSQL. */
    private static String newDatabase() throws Exception {
        String name = "start_up_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = TestDatabase.shared().connect();
                Statement s = c.createStatement()) {
            s.execute("create database " + name + " owner "
                    + TestDatabase.shared().login().ownerUser());
        }
        return name;
    }

    /** The warehouse's database settings (owner and runtime role, as in production) for {@code database}. */
    private static Map<String, String> warehouseEnv(String database) {
        DatabaseLogin login = TestDatabase.shared().login();
        Map<String, String> env = new HashMap<>(login.warehouseEnv());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", url(database));
        return env;
    }

    private static String url(String database) {
        String url = TestDatabase.shared().jdbcUrl();
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    /** The tables of {@code database} (Flyway's history included), as the superuser sees them. */
    private static List<String> tables(String database) throws Exception {
        TestDatabase db = TestDatabase.shared();
        try (Connection c = java.sql.DriverManager.getConnection(url(database), db.username(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select table_schema || '.' || table_name from information_schema.tables"
                        + " where table_schema not in ('pg_catalog', 'information_schema')")) {
            List<String> tables = new java.util.ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            return tables;
        }
    }

    private static List<String> variables(String text) {
        Matcher m = VARIABLE.matcher(text);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
