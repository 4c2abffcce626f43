package io.dailyetl.devstack;

import static io.dailyetl.devstack.DeployFiles.list;
import static io.dailyetl.devstack.DeployFiles.listOrEmpty;
import static io.dailyetl.devstack.DeployFiles.map;
import static io.dailyetl.devstack.DeployFiles.mapOrEmpty;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.PostgresSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, read as docker compose reads it: the services and the order they start in, what each
 * publishes, that every setting comes from .env (and .env.example documents each one), that secrets are never
 * written into the file, and that every image can be built from a clean clone.
 */
class ComposeFileTest {

    /** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, $VAR. */
    private static final Pattern INTERPOLATION =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private static final Pattern ENV_LINE = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
    private static final Pattern URL = Pattern.compile("[a-z][a-z0-9+.-]*://([A-Za-z0-9.-]+):(\\d+)");

    /** The services built from this repository: compose name, Maven module, the port it listens on. */
    private static final Map<String, String> MODULES = Map.of(
            "warehouse",
            "warehouse-service",
            "ingest",
            "ingest-service",
            "report",
            "report-service",
            "console",
            "console-service",
            "demo-source",
            "demo-source");

    private static final Map<String, Integer> PORTS =
            Map.of("warehouse", 8082, "ingest", 8081, "report", 8083, "console", 8084, "demo-source", 8090);
    /** Ports the other services listen on inside the compose network. */
    private static final Map<String, Set<Integer>> THIRD_PARTY_PORTS =
            Map.of("postgres", Set.of(5432), "mailpit", Set.of(1025, 8025));

    private static Path root;
    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void load() {
        root = DeployFiles.repoRoot();
        compose = DeployFiles.loadMap(root.resolve("docker-compose.yml"));
        services = map(compose.get("services"), "services");
    }

    @Test
    void runsTheWholeSystem() {
        assertThat(services)
                .containsOnlyKeys("postgres", "warehouse", "ingest", "report", "console", "demo-source", "mailpit");
    }

    @Test
    void postgresRunsWithTheRecommendedSettings() {
        Map<String, String> recommended = PostgresSettings.recommended(root);
        List<String> expected = new ArrayList<>(List.of("postgres"));
        expected.addAll(KubernetesManifestsTest.asServerOptions(recommended));
        assertThat(list(service("postgres").get("command"), "postgres.command"))
                .map(String::valueOf)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void thirdPartyImagesArePinned() {
        assertThat(image("postgres")).startsWith("postgres:17.");
        assertThat(image("mailpit")).startsWith("axllent/mailpit:v");
        for (String name : services.keySet()) {
            String image = image(name);
            assertThat(image).as("image of %s", name).isNotNull();
            String tag = image.substring(image.lastIndexOf('/') + 1);
            assertThat(tag).as("image of %s has a tag", name).contains(":");
            assertThat(tag).as("image of %s", name).doesNotEndWith(":latest");
        }
    }

    @Test
    void eachServiceImageIsBuiltFromItsModuleWithTheRootDockerfile() throws IOException {
        String rootPom = Files.readString(root.resolve("pom.xml"));
        for (var e : MODULES.entrySet()) {
            String service = e.getKey();
            String module = e.getValue();
            Map<String, Object> build = map(service(service).get("build"), service + ".build");
            Path context = root.resolve((String) build.get("context")).normalize();
            assertThat(context)
                    .as("%s builds with the repository root as context", service)
                    .isEqualTo(root);
            Path dockerfile = context.resolve((String) build.getOrDefault("dockerfile", "Dockerfile"));
            assertThat(dockerfile).as("Dockerfile of %s", service).isRegularFile();
            Map<String, Object> args = map(build.get("args"), service + ".build.args");
            assertThat(args.get("MODULE")).as("%s builds module", service).isEqualTo(module);
            assertThat(String.valueOf(args.get("PORT")))
                    .as("%s exposes", service)
                    .isEqualTo(PORTS.get(service).toString());
            // ingest runs the parallel collector, as in its own Dockerfile.jvm and the local stack; the others G1
            assertThat(args.get("JVM_OPTIONS"))
                    .as("%s JVM options", service)
                    .isEqualTo(service.equals("ingest") ? "-XX:+UseParallelGC" : null);
            assertThat(root.resolve(module).resolve("pom.xml"))
                    .as("module %s of %s", module, service)
                    .isRegularFile();
            assertThat(rootPom)
                    .as("pom.xml lists module %s, which the image build packages with -pl", module)
                    .contains("<module>" + module + "</module>");
            for (String kept : List.of("Dockerfile.jvm", "Dockerfile.native")) {
                assertThat(root.resolve(module).resolve("src/main/docker").resolve(kept))
                        .isRegularFile();
            }
        }
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("FROM maven:3.9-eclipse-temurin-17 AS build")
                .contains("./mvnw -B -ntp -pl \"${MODULE}\" -am package -DskipTests")
                .contains("ARG BASE_IMAGE=registry.access.redhat.com/ubi9/openjdk-17-runtime:")
                .contains("FROM ${BASE_IMAGE}")
                .contains("COPY --from=build --chown=185 /build/${MODULE}/target/quarkus-app/lib/ /deployments/lib/")
                .contains("USER 185");
    }

    @Test
    void dockerignoreKeepsBuildOutputAndSecretsOutButEveryModuleIn() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve(".dockerignore")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(lines).contains("**/target/", ".git/", ".env", "bench/results/");
        for (String needed : List.of("mvnw", ".mvn", ".mvn/", "pom.xml", "*.xml", "**/src/", "src/")) {
            assertThat(lines).as(".dockerignore must keep %s", needed).doesNotContain(needed);
        }
        for (String module : MODULES.values()) {
            assertThat(lines).as(".dockerignore must keep module %s", module).doesNotContain(module, module + "/");
        }
    }

    @Test
    void servicesListenOnAndPublishTheirPorts() {
        for (var e : PORTS.entrySet()) {
            String service = e.getKey();
            int port = e.getValue();
            assertThat(environment(service))
                    .as("environment of %s", service)
                    .containsEntry("QUARKUS_HTTP_PORT", Integer.toString(port));
            assertThat(publishedPorts(service))
                    .as("ports of %s (host -> container)", service)
                    .containsEntry(port, port);
        }
        assertThat(publishedPorts("mailpit")).as("the mail UI").containsEntry(8025, 8025);
        assertThat(publishedPorts("postgres")).containsValue(5432);
    }

    @Test
    void everyVariableIsDocumentedInEnvExampleWithTheSameDefault() throws IOException {
        Map<String, String> documented = envExample();
        Map<String, String> defaults = new HashMap<>();
        Set<String> used = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String text : strings(compose)) {
            Matcher m = INTERPOLATION.matcher(text.replace("$$", ""));
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(4);
                used.add(name);
                if (!documented.containsKey(name)) {
                    problems.add(name + " is used in docker-compose.yml but not documented in .env.example");
                    continue;
                }
                String op = m.group(2);
                if (op != null && op.endsWith("-")) {
                    String before = defaults.putIfAbsent(name, m.group(3));
                    if (before != null && !before.equals(m.group(3))) {
                        problems.add(name + " has two defaults: '" + before + "' and '" + m.group(3) + "'");
                    }
                    if (!documented.get(name).equals(m.group(3))) {
                        problems.add(name + ": .env.example says '" + documented.get(name)
                                + "', docker-compose.yml defaults to '" + m.group(3) + "'");
                    }
                } else if (op != null
                        && op.endsWith("?")
                        && documented.get(name).isEmpty()) {
                    problems.add(name + " is required, so .env.example gives it a placeholder value");
                }
            }
        }
        Set<String> unused = new TreeSet<>(documented.keySet());
        unused.removeAll(used);
        unused.removeIf(n -> n.startsWith("COMPOSE_"));
        if (!unused.isEmpty()) {
            problems.add(".env.example documents " + unused + ", which docker-compose.yml does not use");
        }
        assertThat(problems).isEmpty();
        assertThat(used).contains("PIPELINE_API_TOKEN", "POSTGRES_PASSWORD", "REPORT_MAIL_TO");
    }

    @Test
    void passwordsAndTokensAreNeverWrittenIntoTheComposeFile() {
        Pattern fromEnvWithoutDefault = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:\\?[^}]*|\\?[^}]*|:-|)}");
        Pattern required = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:\\?[^}]*}");
        int checked = 0;
        for (String service : services.keySet()) {
            for (var e : environment(service).entrySet()) {
                if (e.getKey().matches(".*(PASSWORD|TOKEN|SECRET).*")) {
                    checked++;
                    assertThat(e.getValue())
                            .as("%s of %s comes from .env, with no default", e.getKey(), service)
                            .matches(fromEnvWithoutDefault);
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(MODULES.size() + 2);
        for (String service : MODULES.keySet()) {
            assertThat(environment(service).get("PIPELINE_API_TOKEN"))
                    .as("%s needs the token", service)
                    .matches(required);
        }
        for (String password : List.of("POSTGRES_PASSWORD", "DB_OWNER_PASSWORD", "DB_APP_PASSWORD")) {
            assertThat(environment("postgres").get(password)).as(password).matches(required);
        }
        assertThat(environment("warehouse").get("QUARKUS_DATASOURCE_PASSWORD"))
                .matches(required)
                .startsWith("${DB_APP_PASSWORD:");
        assertThat(environment("warehouse").get("QUARKUS_FLYWAY_PASSWORD"))
                .matches(required)
                .startsWith("${DB_OWNER_PASSWORD:");
    }

    @Test
    void theWarehouseRunsAsTheRuntimeRoleAndMigratesAsTheOwnerThatPostgresCreates() {
        Map<String, String> postgres = environment("postgres");
        Map<String, String> warehouse = environment("warehouse");
        assertThat(withDefaults(warehouse.get("QUARKUS_DATASOURCE_USERNAME")))
                .isEqualTo("etl_app")
                .isEqualTo(withDefaults(postgres.get("DB_APP_USER")));
        assertThat(withDefaults(warehouse.get("QUARKUS_FLYWAY_USERNAME")))
                .isEqualTo("etl_owner")
                .isEqualTo(withDefaults(postgres.get("DB_OWNER_USER")));
        assertThat(withDefaults(postgres.get("POSTGRES_USER"))).isNotIn("etl_app", "etl_owner");
        // the postgres image runs the script once, when it initialises the empty volume
        assertThat(list(service("postgres").get("volumes"), "postgres.volumes"))
                .contains("./deploy/postgres/create-roles.sh:/docker-entrypoint-initdb.d/10-create-roles.sh:ro");
        assertThat(root.resolve("deploy/postgres/create-roles.sh"))
                .isRegularFile()
                .isExecutable();
    }

    @Test
    void healthchecksGateTheStartOrder() {
        Map<String, Set<String>> expected = Map.of(
                "postgres", Set.of(),
                "mailpit", Set.of(),
                "demo-source", Set.of(),
                "warehouse", Set.of("postgres"),
                "ingest", Set.of("warehouse", "demo-source"),
                "report", Set.of("warehouse", "mailpit"),
                "console", Set.of("warehouse", "ingest", "report"));
        for (String service : services.keySet()) {
            Map<String, Object> healthcheck = map(service(service).get("healthcheck"), service + ".healthcheck");
            String test = String.join(
                    " ",
                    list(healthcheck.get("test"), service + ".healthcheck.test").stream()
                            .map(String::valueOf)
                            .toList());
            if (MODULES.containsKey(service)) {
                assertThat(test).as("healthcheck of %s", service).contains("/q/health/ready");
            }
            Map<String, Object> dependsOn = mapOrEmpty(service(service).get("depends_on"), service + ".depends_on");
            assertThat(dependsOn.keySet()).as("%s depends on", service).isEqualTo(expected.get(service));
            for (var d : dependsOn.entrySet()) {
                assertThat(map(d.getValue(), service + " depends_on " + d.getKey())
                                .get("condition"))
                        .as("%s waits until %s is healthy", service, d.getKey())
                        .isEqualTo("service_healthy");
            }
        }
        assertThat(String.valueOf(
                        map(service("postgres").get("healthcheck"), "h").get("test")))
                .contains("pg_isready");
    }

    @Test
    void urlsNameTheServicesAndTheirPorts() {
        int checked = 0;
        for (String service : services.keySet()) {
            for (var e : environment(service).entrySet()) {
                Matcher m = URL.matcher(withDefaults(e.getValue()));
                while (m.find()) {
                    String host = m.group(1);
                    int port = Integer.parseInt(m.group(2));
                    if (!services.containsKey(host)) {
                        continue;
                    }
                    checked++;
                    Set<Integer> listening =
                            PORTS.containsKey(host) ? Set.of(PORTS.get(host)) : THIRD_PARTY_PORTS.get(host);
                    assertThat(listening)
                            .as("%s of %s: %s listens on", e.getKey(), service, host)
                            .contains(port);
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(4);
        assertThat(environment("ingest")).containsEntry("QUARKUS_REST_CLIENT_WAREHOUSE_URL", "http://warehouse:8082");
        assertThat(environment("report")).containsEntry("QUARKUS_REST_CLIENT_WAREHOUSE_URL", "http://warehouse:8082");
        assertThat(environment("console"))
                .containsEntry("QUARKUS_REST_CLIENT_WAREHOUSE_URL", "http://warehouse:8082")
                .containsEntry("QUARKUS_REST_CLIENT_INGEST_URL", "http://ingest:8081")
                .containsEntry("QUARKUS_REST_CLIENT_REPORT_URL", "http://report:8083");
        assertThat(withDefaults(environment("ingest").get("INGEST_SOURCE_URL")))
                .isEqualTo("http://demo-source:8090/api/transactions");
        assertThat(withDefaults(environment("warehouse").get("QUARKUS_DATASOURCE_JDBC_URL")))
                .isEqualTo("jdbc:postgresql://postgres:5432/etl");
        assertThat(withDefaults(environment("report").get("QUARKUS_MAILER_HOST")))
                .isEqualTo("mailpit");
        assertThat(THIRD_PARTY_PORTS.get("mailpit"))
                .contains(Integer.parseInt(withDefaults(environment("report").get("QUARKUS_MAILER_PORT"))));
    }

    @Test
    void postgresKeepsItsDataInANamedVolume() {
        List<Object> volumes = list(service("postgres").get("volumes"), "postgres.volumes");
        assertThat(volumes).contains("pgdata:/var/lib/postgresql/data");
        assertThat(map(compose.get("volumes"), "volumes")).containsKey("pgdata");
    }

    @Test
    void serviceImagesAreTheOnesTheKubernetesManifestsRun() {
        for (String module : DeployFiles.GENERATED_SERVICES) {
            String service = MODULES.entrySet().stream()
                    .filter(e -> e.getValue().equals(module))
                    .findFirst()
                    .orElseThrow()
                    .getKey();
            Path generated = root.resolve(DeployFiles.GENERATED).resolve(module + ".yml");
            String k8sImage = DeployFiles.loadAll(generated).stream()
                    .map(d -> map(d, generated.toString()))
                    .filter(d -> "Deployment".equals(d.get("kind")))
                    .map(d -> map(
                            map(map(d.get("spec"), "spec").get("template"), "template")
                                    .get("spec"),
                            "pod"))
                    .map(pod -> map(list(pod.get("containers"), "containers").get(0), "container")
                            .get("image"))
                    .map(String::valueOf)
                    .findFirst()
                    .orElseThrow();
            assertThat("docker.io/" + image(service))
                    .as("compose image of %s", service)
                    .isEqualTo(k8sImage);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Map<String, Object> service(String name) {
        return map(services.get(name), "services." + name);
    }

    private static String image(String service) {
        return (String) service(service).get("image");
    }

    /** The service's environment, from either the map or the list ("KEY=value") form. */
    private static Map<String, String> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else {
            for (Object entry : listOrEmpty(env, service + ".environment")) {
                String s = String.valueOf(entry);
                int eq = s.indexOf('=');
                result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return result;
    }

    /** Published ports as host port -> container port ("[ip:]host:container[/proto]", defaults resolved). */
    private static Map<Integer, Integer> publishedPorts(String service) {
        Map<Integer, Integer> result = new LinkedHashMap<>();
        for (Object entry : listOrEmpty(service(service).get("ports"), service + ".ports")) {
            String spec = withDefaults(String.valueOf(entry)).replaceAll("/(tcp|udp)$", "");
            String[] parts = spec.split(":");
            assertThat(parts.length)
                    .as("port %s of %s names host and container port", entry, service)
                    .isGreaterThanOrEqualTo(2);
            result.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
        }
        return result;
    }

    /** The text as compose would interpolate it with an empty .env: defaults in, other variables empty. */
    private static String withDefaults(String text) {
        Matcher m = INTERPOLATION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String op = m.group(2);
            String value = op != null && op.endsWith("-") ? m.group(3) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The variables .env.example sets, with their values (surrounding quotes removed). */
    private static Map<String, String> envExample() throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root.resolve(".env.example"))) {
            Matcher m = ENV_LINE.matcher(line.strip());
            if (m.matches()) {
                String value = m.group(2).strip();
                if (value.length() >= 2
                        && (value.startsWith("\"") && value.endsWith("\"")
                                || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                assertThat(vars.put(m.group(1), value))
                        .as("%s is set twice in .env.example", m.group(1))
                        .isNull();
            }
        }
        return vars;
    }

    /** Every string in the YAML tree, keys included. */
    private static List<String> strings(Object node) {
        List<String> out = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                out.addAll(strings(k));
                out.addAll(strings(v));
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> out.addAll(strings(v)));
        } else if (node != null) {
            out.add(String.valueOf(node));
        }
        return out;
    }
}
