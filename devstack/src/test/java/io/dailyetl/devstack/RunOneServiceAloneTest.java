package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.docs.Docs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's "Run one service on its own", done as written: the statements of docs/deployment.md's "Database roles" run
 * by an administrator of a new PostgreSQL, then the README's block with its environment as it stands (only the
 * database's address, the passwords in place of {@code ...} and a free port are the test's own), and what the block's
 * comment promises: Swagger UI, readiness, metrics.
 */
class RunOneServiceAloneTest {

    private static final Pattern ROLE_PASSWORD = Pattern.compile("(?i)create role (\\w+) .*password '…'");
    private static final Pattern CREATE_DATABASE = Pattern.compile("(?i)create database (\\w+) owner (\\w+)");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z][A-Z0-9_]*)=(\\S*)");
    private static final Pattern PATH = Pattern.compile("(/q/[\\w/-]+)");

    @Test
    void theWarehouseStartsAsTheReadmeSaysOnADatabaseSetUpAsDeploymentSays() throws Exception {
        // given the database and roles of docs/deployment.md, created by a superuser with passwords of our own
        String sql = Docs.example("database-roles");
        Map<String, String> passwords = new LinkedHashMap<>();
        String database = null;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .start()) {
            try (Connection admin = DriverManager.getConnection(
                            "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", "postgres");
                    Statement st = admin.createStatement()) {
                for (String statement : sql.split(";")) {
                    String s = statement.strip();
                    if (s.isEmpty()) {
                        continue;
                    }
                    Matcher role = ROLE_PASSWORD.matcher(s);
                    if (role.find()) {
                        String password = "pw-" + UUID.randomUUID();
                        passwords.put(role.group(1), password);
                        s = s.replace("'…'", "'" + password + "'");
                    }
                    Matcher db = CREATE_DATABASE.matcher(s);
                    if (db.find()) {
                        database = db.group(1);
                    }
                    st.execute(s);
                }
            }
            assertThat(passwords).as("roles with a password in %s", sql).hasSize(2);
            assertThat(database).as("the database the statements create").isNotNull();

            // and the README's block: a build of one module, then that module's jar with environment variables
            List<String> commands = commands(Docs.example("run-warehouse-alone"));
            assertThat(commands).as("build, start, comment").hasSize(3);
            Matcher built =
                    Pattern.compile("^\\./mvnw .*-pl (\\S+) .*\\bpackage\\b").matcher(commands.get(0));
            assertThat(built.find()).as(commands.get(0)).isTrue();
            String module = built.group(1);
            String start = commands.get(1);
            Matcher jar = Pattern.compile("\\bjava -jar (\\S+)$").matcher(start);
            assertThat(jar.find()).as(start).isTrue();
            assertThat(jar.group(1))
                    .as("the jar the block starts is the one its build makes")
                    .isEqualTo(module + "/target/quarkus-app/quarkus-run.jar");
            Map<String, String> env = new LinkedHashMap<>();
            Matcher assignment = ASSIGNMENT.matcher(start.substring(0, jar.start()));
            while (assignment.find()) {
                env.put(assignment.group(1), assignment.group(2));
            }
            assertThat(env).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "PIPELINE_API_TOKEN");

            // (the build itself is this build's: the packaged jar is there)
            Path root = ServiceProcess.repositoryRoot();
            Path runner = root.resolve(jar.group(1));
            assertThat(Files.isRegularFile(runner)).as("%s is packaged", runner).isTrue();

            // the test's own: where the database is, the passwords for "...", a free port
            String url = env.get("QUARKUS_DATASOURCE_JDBC_URL");
            assertThat(url).as("the README's database").endsWith("/" + database);
            env.put("QUARKUS_DATASOURCE_JDBC_URL", url.replaceFirst("//[^/]+/", "//localhost:" + pg.getPort() + "/"));
            for (String key : List.copyOf(env.keySet())) {
                if (key.endsWith("_PASSWORD") && env.get(key).equals("...")) {
                    String user = env.get(key.replace("_PASSWORD", "_USERNAME"));
                    assertThat(passwords)
                            .as("%s names a role deployment.md creates", key)
                            .containsKey(user);
                    env.put(key, passwords.get(user));
                }
            }
            int port = ServiceProcess.freePort();
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));

            // when it is started
            HttpClient http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI base = URI.create("http://localhost:" + port);
            try (Launch warehouse =
                    Launch.start(runner, env, root.resolve("devstack/target/start-up/run-" + module + "-alone.log"))) {
                warehouse.awaitReady(http, base, Duration.ofSeconds(120));

                // then what the comment names answers: Swagger UI, readiness (UP), metrics
                String comment = commands.get(2);
                Matcher defaultPort =
                        Pattern.compile("http://localhost:(\\d+)/").matcher(comment);
                assertThat(defaultPort.find()).as(comment).isTrue();
                assertThat(Files.readString(root.resolve(module + "/src/main/resources/application.properties")))
                        .as("the port the comment names is the service's own")
                        .contains("quarkus.http.port=" + defaultPort.group(1));
                List<String> paths = new ArrayList<>();
                Matcher path = PATH.matcher(comment);
                while (path.find()) {
                    paths.add(path.group(1));
                }
                assertThat(paths).contains("/q/swagger-ui", "/q/health/ready", "/q/metrics");
                for (String p : paths) {
                    HttpResponse<String> answer = http.send(
                            HttpRequest.newBuilder(base.resolve(p))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as("GET %s", p).isEqualTo(200);
                    if (p.equals("/q/health/ready")) {
                        assertThat(answer.body()).contains("\"UP\"");
                    }
                }
            }
        }
    }

    /** A bash block's commands: continued lines ({@code \}) joined, blank lines dropped, comments kept. */
    private static List<String> commands(String block) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
            } else {
                current.append(l);
                commands.add(current.toString().replaceAll("\\s+", " ").strip());
                current.setLength(0);
            }
        }
        return commands;
    }
}
