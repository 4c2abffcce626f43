package io.dailyetl.devstack;

import static io.dailyetl.devstack.DeployFiles.SERVICES_NAMESPACE;
import static io.dailyetl.devstack.DeployFiles.list;
import static io.dailyetl.devstack.DeployFiles.listOrEmpty;
import static io.dailyetl.devstack.DeployFiles.map;
import static io.dailyetl.devstack.DeployFiles.mapOrEmpty;
import static io.dailyetl.devstack.DeployFiles.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.PostgresSettings;
import io.dailyetl.testing.docs.Docs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/, rendered by kustomize as {@code kubectl apply -k deploy/kubernetes} applies it: the whole system in
 * its namespace, every container with probes and resources, every password and token from the Secret, the
 * in-cluster URLs naming real Services and ports, and nothing quarkus-kubernetes was told not to generate.
 */
class KubernetesManifestsTest {

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet");
    private static final String SECRET = "daily-etl-secrets";
    private static final Pattern SENSITIVE = Pattern.compile(".*(PASSWORD|TOKEN|SECRET).*");
    private static final Pattern URL = Pattern.compile("(?:jdbc:)?[a-z][a-z0-9+.-]*://[^\\s\"']+");

    private static Path dir;
    private static Map<String, Object> kustomization;
    private static List<Map<String, Object>> objects;

    @BeforeAll
    static void render() {
        dir = DeployFiles.repoRoot().resolve(DeployFiles.KUBERNETES);
        kustomization = DeployFiles.loadMap(dir.resolve("kustomization.yaml"));
        objects = DeployFiles.renderKustomization(dir);
    }

    @Test
    void deploysTheWholeSystemIntoItsNamespace() {
        assertThat(kustomization.get("namespace")).isEqualTo(SERVICES_NAMESPACE);
        assertThat(ids())
                .contains(
                        "Namespace " + SERVICES_NAMESPACE,
                        "StatefulSet postgres",
                        "Service postgres",
                        "ConfigMap postgres-init",
                        "Deployment warehouse-service",
                        "Service warehouse-service",
                        "ConfigMap warehouse-config",
                        "Deployment ingest-service",
                        "Service ingest-service",
                        "ConfigMap ingest-config",
                        "Deployment report-service",
                        "Service report-service",
                        "ConfigMap report-config",
                        "Deployment console-service",
                        "Service console-service",
                        "ConfigMap console-config");
        assertThat(ids())
                .as("the demo source is not deployed to a cluster")
                .noneMatch(id -> id.contains("demo-source"));
        for (Map<String, Object> o : objects) {
            if (!"Namespace".equals(o.get("kind"))) {
                assertThat(metadata(o).get("namespace")).as(id(o)).isEqualTo(SERVICES_NAMESPACE);
            }
        }
    }

    @Test
    void noInitJobNoServiceMonitorAndNoSecretFromHere() {
        assertThat(objects)
                .extracting(o -> o.get("kind"))
                .doesNotContain("Job", "CronJob", "ServiceMonitor", "PodMonitor", "Secret");
        for (Map<String, Object> o : workloads()) {
            assertThat(podSpec(o).get("initContainers"))
                    .as("init containers of %s (quarkus init tasks)", id(o))
                    .isNull();
        }
        assertNotApplied("secret.example.yaml");
    }

    @Test
    void everyContainerHasProbesAndResourceRequestsAndLimits() {
        List<String> problems = new ArrayList<>();
        int containers = 0;
        for (Map<String, Object> o : workloads()) {
            for (Map<String, Object> c : containers(o)) {
                containers++;
                String where = id(o) + " container " + c.get("name");
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    if (!(c.get(probe) instanceof Map<?, ?> p) || p.isEmpty()) {
                        problems.add(where + " has no " + probe);
                    }
                }
                Map<String, Object> resources = mapOrEmpty(c.get("resources"), where + " resources");
                Map<String, Object> requests = mapOrEmpty(resources.get("requests"), where + " requests");
                Map<String, Object> limits = mapOrEmpty(resources.get("limits"), where + " limits");
                if (!requests.containsKey("cpu") || !requests.containsKey("memory")) {
                    problems.add(where + " requests " + requests + ", not both cpu and memory");
                }
                if (!limits.containsKey("memory")) {
                    problems.add(where + " has no memory limit (limits " + limits + ")");
                }
                String image = String.valueOf(c.get("image"));
                if (!image.substring(image.lastIndexOf('/') + 1).contains(":") || image.endsWith(":latest")) {
                    problems.add(where + " runs an unpinned image " + image);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(containers).isEqualTo(5);
    }

    @Test
    void theConsoleIngressExampleServesTheConsoleOnlyOverTlsAndIsNotAppliedByDefault() {
        // given the example, which people copy and apply themselves
        Map<String, Object> ingress = DeployFiles.loadMap(dir.resolve("console-ingress.example.yaml"));
        Map<String, Object> spec = map(ingress.get("spec"), "spec");

        // then it sends every path of its host to the console's http port, with TLS for that same host
        assertThat(ingress.get("kind")).isEqualTo("Ingress");
        assertThat(metadata(ingress).get("namespace")).isEqualTo(SERVICES_NAMESPACE);
        Map<String, Object> tls = map(list(spec.get("tls"), "tls").get(0), "tls[0]");
        Map<String, Object> rule = map(list(spec.get("rules"), "rules").get(0), "rules[0]");
        assertThat(list(tls.get("hosts"), "tls hosts")).containsExactly(rule.get("host"));
        assertThat(tls.get("secretName")).isNotNull();
        Map<String, Object> path =
                map(list(map(rule.get("http"), "http").get("paths"), "paths").get(0), "path");
        assertThat(path).containsEntry("path", "/").containsEntry("pathType", "Prefix");
        Map<String, Object> backend = map(map(path.get("backend"), "backend").get("service"), "backend service");
        assertThat(backend.get("name")).isEqualTo("console-service");
        assertThat(find("Service", "console-service")).isPresent();
        assertThat(map(backend.get("port"), "port")).containsEntry("name", "http");
        assertThat(servicePorts(find("Service", "console-service").orElseThrow()))
                .containsExactly(8084);
        // plain http is redirected, and only the controller's namespace reaches the console
        assertThat(mapOrEmpty(metadata(ingress).get("annotations"), "annotations"))
                .containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
        assertThat(spec.get("ingressClassName")).isEqualTo("nginx");
        assertThat(find("NetworkPolicy", "console-ingress")).isPresent();
        assertThat(String.valueOf(find("NetworkPolicy", "console-ingress").orElseThrow()))
                .contains("kubernetes.io/metadata.name=ingress-nginx");
        // and no kustomization applies it
        assertNotApplied("console-ingress.example.yaml");
        assertThat(ids()).doesNotContain("Ingress console");
    }

    @Test
    void theConsoleOidcEgressExampleOpensOnlyHttpsFromTheConsoleAndIsNotAppliedByDefault() {
        // given the example people apply when the console logs in with OpenID Connect
        Map<String, Object> policy = DeployFiles.loadMap(dir.resolve("console-oidc-egress.example.yaml"));
        Map<String, Object> spec = map(policy.get("spec"), "spec");

        // then it is an egress policy of the console's pods alone, in the services' namespace
        assertThat(policy.get("kind")).isEqualTo("NetworkPolicy");
        assertThat(metadata(policy).get("namespace")).isEqualTo(SERVICES_NAMESPACE);
        assertThat(map(map(spec.get("podSelector"), "podSelector").get("matchLabels"), "matchLabels"))
                .containsExactly(Map.entry("app.kubernetes.io/name", "console-service"));
        assertThat(list(spec.get("policyTypes"), "policyTypes")).containsExactly("Egress");
        // to HTTPS only, with the metadata endpoint closed
        List<Object> egress = list(spec.get("egress"), "egress");
        assertThat(egress).hasSize(1);
        Map<String, Object> rule = map(egress.get(0), "egress[0]");
        assertThat(list(rule.get("ports"), "ports")).containsExactly(Map.of("port", 443, "protocol", "TCP"));
        Map<String, Object> block =
                map(map(list(rule.get("to"), "to").get(0), "to[0]").get("ipBlock"), "ipBlock");
        assertThat(list(block.get("except"), "except")).contains("169.254.0.0/16");
        // and no kustomization applies it: with the built-in login the console reaches nothing outside
        assertNotApplied("console-oidc-egress.example.yaml");
        assertThat(ids()).doesNotContain("NetworkPolicy console-oidc-egress");
    }

    @Test
    void theDocsSecretCommandCreatesExactlyTheKeysTheManifestsRead() {
        // docs/deployment.md's kubectl commands (not run: no cluster here) must create the Secret the manifests read
        String commands = Docs.example("kubernetes-secret").replace("\\\n", " ");
        Matcher secret = Pattern.compile("create secret generic (\\S+)").matcher(commands);
        assertThat(secret.find()).as(commands).isTrue();
        assertThat(secret.group(1)).isEqualTo(SECRET);
        Set<String> created = new TreeSet<>();
        Matcher literal = Pattern.compile("--from-literal=([a-z0-9-]+)=").matcher(commands);
        while (literal.find()) {
            created.add(literal.group(1));
        }
        Set<String> read = new TreeSet<>();
        for (Map<String, Object> o : workloads()) {
            for (Map<String, Object> c : containers(o)) {
                for (Object entry : listOrEmpty(c.get("env"), id(o) + " env")) {
                    Map<String, Object> valueFrom = mapOrEmpty(map(entry, "env").get("valueFrom"), id(o));
                    Map<String, Object> ref = mapOrEmpty(valueFrom.get("secretKeyRef"), id(o));
                    if (SECRET.equals(ref.get("name"))) {
                        read.add(String.valueOf(ref.get("key")));
                    }
                }
            }
        }
        Map<String, Object> example = DeployFiles.loadMap(dir.resolve("secret.example.yaml"));
        assertThat(created)
                .as("keys docs/deployment.md creates")
                .containsAll(read)
                .isEqualTo(new TreeSet<>(
                        map(example.get("stringData"), "stringData").keySet()));
    }

    @Test
    void passwordsAndTokensComeFromTheSecretNeverFromLiterals() {
        Map<String, Object> example = DeployFiles.loadMap(dir.resolve("secret.example.yaml"));
        assertThat(example.get("kind")).isEqualTo("Secret");
        assertThat(name(example)).isEqualTo(SECRET);
        Map<String, Object> exampleKeys = map(example.get("stringData"), "secret.example.yaml stringData");
        for (var e : exampleKeys.entrySet()) {
            assertThat(String.valueOf(e.getValue()))
                    .as("secret.example.yaml %s is a placeholder or empty", e.getKey())
                    .matches("|REPLACE.*");
        }

        List<String> problems = new ArrayList<>();
        int fromSecret = 0;
        for (Map<String, Object> o : workloads()) {
            for (Map<String, Object> c : containers(o)) {
                String where = id(o) + " container " + c.get("name");
                for (Object entry : listOrEmpty(c.get("env"), where + " env")) {
                    Map<String, Object> env = map(entry, where + " env");
                    String name = String.valueOf(env.get("name"));
                    Map<String, Object> valueFrom = mapOrEmpty(env.get("valueFrom"), where + " " + name);
                    Map<String, Object> secretRef = mapOrEmpty(valueFrom.get("secretKeyRef"), where + " " + name);
                    if (!secretRef.isEmpty()) {
                        fromSecret++;
                        if (!SECRET.equals(secretRef.get("name"))) {
                            problems.add(where + " " + name + " reads Secret " + secretRef.get("name"));
                        } else if (!exampleKeys.containsKey(String.valueOf(secretRef.get("key")))) {
                            problems.add(where + " " + name + " reads key " + secretRef.get("key")
                                    + ", which secret.example.yaml does not have");
                        }
                    } else if (SENSITIVE.matcher(name).matches()) {
                        problems.add(where + " " + name + " is "
                                + (env.containsKey("value")
                                        ? "a literal value"
                                        : "not from a secretKeyRef (" + valueFrom + ")"));
                    }
                }
                for (Object entry : listOrEmpty(c.get("envFrom"), where + " envFrom")) {
                    Map<String, Object> from = map(entry, where + " envFrom");
                    Map<String, Object> secretRef = mapOrEmpty(from.get("secretRef"), where + " envFrom");
                    if (!secretRef.isEmpty() && !SECRET.equals(secretRef.get("name"))) {
                        problems.add(where + " loads Secret " + secretRef.get("name"));
                    }
                }
            }
        }
        for (Map<String, Object> cm : ofKind("ConfigMap")) {
            for (String key : mapOrEmpty(cm.get("data"), id(cm)).keySet()) {
                if (SENSITIVE.matcher(key).matches()) {
                    problems.add(id(cm) + " holds " + key + ": passwords and tokens belong in the Secret");
                }
            }
        }
        assertThat(problems).isEmpty();
        // the tokens of each service, the two roles' passwords in the warehouse, those and the superuser's in
        // PostgreSQL, SMTP and source
        assertThat(fromSecret).isGreaterThanOrEqualTo(13);
        assertThat(secretEnv("warehouse-service"))
                .containsEntry("PIPELINE_TOKENS_OPERATOR", "operator-tokens")
                .containsEntry("PIPELINE_TOKENS_LOADER", "loader-tokens")
                .containsEntry("PIPELINE_TOKENS_READER", "reader-tokens")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "db-app-password")
                .containsEntry("QUARKUS_FLYWAY_PASSWORD", "db-owner-password");
        // each client service holds only its own role's token for the warehouse, and no loader list; ingest and
        // report accept one reader token, the console's
        assertThat(secretEnv("ingest-service"))
                .containsEntry("PIPELINE_TOKENS_OPERATOR", "operator-tokens")
                .containsEntry("PIPELINE_TOKENS_READER", "console-reader-token")
                .containsEntry("PIPELINE_WAREHOUSE_TOKEN", "ingest-warehouse-token")
                .doesNotContainKeys("PIPELINE_API_TOKEN", "PIPELINE_TOKENS_LOADER");
        assertThat(secretEnv("report-service"))
                .containsEntry("PIPELINE_TOKENS_OPERATOR", "operator-tokens")
                .containsEntry("PIPELINE_TOKENS_READER", "console-reader-token")
                .containsEntry("PIPELINE_WAREHOUSE_TOKEN", "report-warehouse-token")
                .doesNotContainKeys("PIPELINE_API_TOKEN", "PIPELINE_TOKENS_LOADER")
                .containsEntry("QUARKUS_MAILER_PASSWORD", "smtp-password");
        // the console reads with a reader token, acts with its own operator token, and accepts no token at all
        assertThat(secretEnv("console-service"))
                .containsEntry("PIPELINE_WAREHOUSE_TOKEN", "console-reader-token")
                .containsEntry("CONSOLE_OPERATOR_TOKEN", "console-operator-token")
                .containsEntry("CONSOLE_USERS_VIEWER_PASSWORD", "console-viewer-password")
                .containsEntry("CONSOLE_USERS_OPERATOR_PASSWORD", "console-operator-password")
                .containsEntry("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY", "console-session-key")
                .containsEntry("QUARKUS_OIDC_CREDENTIALS_SECRET", "console-oidc-client-secret")
                .doesNotContainKeys(
                        "PIPELINE_API_TOKEN",
                        "PIPELINE_TOKENS_OPERATOR",
                        "PIPELINE_TOKENS_LOADER",
                        "PIPELINE_TOKENS_READER");
        assertThat(secretEnv("postgres"))
                .containsEntry("POSTGRES_PASSWORD", "db-password")
                .containsEntry("DB_OWNER_PASSWORD", "db-owner-password")
                .containsEntry("DB_APP_PASSWORD", "db-app-password");
    }

    @Test
    void configMapsHoldOnlyStringsAndAreTheOnesTheServicesRead() {
        Set<String> configMaps =
                ofKind("ConfigMap").stream().map(DeployFiles::name).collect(Collectors.toSet());
        for (Map<String, Object> cm : ofKind("ConfigMap")) {
            mapOrEmpty(cm.get("data"), id(cm))
                    .forEach((k, v) -> assertThat(v)
                            .as("%s %s must be a string (quote numbers, booleans and words like off)", id(cm), k)
                            .isInstanceOf(String.class));
        }
        for (Map<String, Object> o : workloads()) {
            for (Map<String, Object> c : containers(o)) {
                for (Object entry : listOrEmpty(c.get("envFrom"), id(o))) {
                    Map<String, Object> ref = mapOrEmpty(map(entry, id(o)).get("configMapRef"), id(o));
                    if (!ref.isEmpty()) {
                        assertThat(configMaps).as("ConfigMap of %s", id(o)).contains(String.valueOf(ref.get("name")));
                    }
                }
            }
        }
        assertThat(configMapsOf("warehouse-service")).containsExactly("warehouse-config");
        assertThat(configMapsOf("ingest-service")).containsExactly("ingest-config");
        assertThat(configMapsOf("report-service")).containsExactly("report-config");
        assertThat(configMapsOf("console-service")).containsExactly("console-config");
    }

    @Test
    void inClusterUrlsNameServicesAndTheirPorts() {
        List<String> problems = new ArrayList<>();
        int inCluster = 0;
        for (Map<String, Object> cm : ofKind("ConfigMap")) {
            for (var e : mapOrEmpty(cm.get("data"), id(cm)).entrySet()) {
                Matcher m = URL.matcher(String.valueOf(e.getValue()));
                while (m.find()) {
                    URI uri = URI.create(m.group().replaceFirst("^jdbc:", ""));
                    Optional<String> service = inClusterService(uri.getHost());
                    String where = id(cm) + " " + e.getKey() + "=" + m.group();
                    if (service.isEmpty()) {
                        if (e.getKey().startsWith("QUARKUS_REST_CLIENT_")
                                || e.getKey().startsWith("QUARKUS_DATASOURCE_")) {
                            problems.add(where + " should name a Service of this kustomization");
                        }
                        continue;
                    }
                    inCluster++;
                    Optional<Map<String, Object>> svc = find("Service", service.get());
                    if (svc.isEmpty()) {
                        problems.add(where + ": there is no Service " + service.get());
                    } else if (uri.getPort() < 0) {
                        problems.add(where + " should name the port (" + servicePorts(svc.get()) + ")");
                    } else if (!servicePorts(svc.get()).contains(uri.getPort())) {
                        problems.add(where + ": Service " + service.get() + " listens on " + servicePorts(svc.get()));
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(inCluster).isGreaterThanOrEqualTo(3);
        assertThat(configValue("ingest-config", "QUARKUS_REST_CLIENT_WAREHOUSE_URL"))
                .isEqualTo("http://warehouse-service:8082");
        assertThat(configValue("report-config", "QUARKUS_REST_CLIENT_WAREHOUSE_URL"))
                .isEqualTo("http://warehouse-service:8082");
        assertThat(configValue("warehouse-config", "QUARKUS_DATASOURCE_JDBC_URL"))
                .startsWith("jdbc:postgresql://postgres:5432/");
    }

    @Test
    void servicesSelectTheirPodsAndTargetTheirContainerPorts() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> svc : ofKind("Service")) {
            Map<String, Object> spec = map(svc.get("spec"), id(svc));
            Map<String, Object> selector = map(spec.get("selector"), id(svc) + " selector");
            List<Map<String, Object>> selected = workloads().stream()
                    .filter(w -> podLabels(w).entrySet().containsAll(selector.entrySet()))
                    .toList();
            if (selected.size() != 1) {
                problems.add(id(svc) + " selects " + selected.size() + " workloads");
                continue;
            }
            Map<String, Object> workload = selected.get(0);
            for (Object p : list(spec.get("ports"), id(svc) + " ports")) {
                Object target = map(p, id(svc))
                        .getOrDefault("targetPort", map(p, id(svc)).get("port"));
                boolean found = containers(workload).stream()
                        .flatMap(c -> listOrEmpty(c.get("ports"), id(workload)).stream())
                        .map(cp -> map(cp, id(workload)))
                        .anyMatch(cp -> Objects.equals(cp.get("containerPort"), target)
                                || Objects.equals(cp.get("name"), target));
                if (!found) {
                    problems.add(id(svc) + " targets port " + target + ", which " + id(workload) + " does not expose");
                }
            }
        }
        assertThat(problems).isEmpty();
        for (String app : DeployFiles.GENERATED_SERVICES) {
            Map<String, Object> svc = find("Service", app).orElseThrow();
            assertThat(servicePorts(svc))
                    .as("%s listens on the same port as its container", app)
                    .containsExactly(containerPort(app));
        }
    }

    @Test
    void postgresRunsWithTheRecommendedSettings() {
        // given the settings the project recommends (the bench measures with them)
        Map<String, String> recommended = PostgresSettings.recommended(DeployFiles.repoRoot());
        assertThat(recommended).containsKeys("max_wal_size", "checkpoint_timeout", "wal_compression");

        // when the postgres container starts, then its arguments set each of them, and nothing else
        Map<String, Object> container =
                containers(find("StatefulSet", "postgres").orElseThrow()).get(0);
        assertThat(listOrEmpty(container.get("args"), "postgres args"))
                .map(String::valueOf)
                .containsExactlyElementsOf(asServerOptions(recommended));
    }

    /** {@code -c name=value} for each setting, as the postgres server takes them on its command line. */
    static List<String> asServerOptions(Map<String, String> settings) {
        return settings.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of("-c", e.getKey() + "=" + e.getValue()))
                .toList();
    }

    @Test
    void postgresKeepsItsDataOnAVolumeClaimAndAgreesWithTheWarehouse() {
        Map<String, Object> sts = find("StatefulSet", "postgres").orElseThrow();
        Map<String, Object> spec = map(sts.get("spec"), id(sts));
        String serviceName = String.valueOf(spec.get("serviceName"));
        Map<String, Object> headless = find("Service", serviceName)
                .orElseThrow(() -> new AssertionError(
                        "StatefulSet postgres names Service " + serviceName + ", which is not deployed"));
        assertThat(map(headless.get("spec"), "spec").get("clusterIP")).isEqualTo("None");

        List<Object> claims = list(spec.get("volumeClaimTemplates"), "volumeClaimTemplates");
        Set<String> claimNames = claims.stream().map(c -> name(map(c, "claim"))).collect(Collectors.toSet());
        Map<String, Object> container = containers(sts).get(0);
        assertThat(container.get("image")).asString().startsWith("postgres:17.");
        assertThat(listOrEmpty(container.get("volumeMounts"), "mounts"))
                .extracting(v -> map(v, "mount").get("name"))
                .as("postgres mounts its claim")
                .containsAnyElementsOf(claimNames);

        Map<String, String> env = literalEnv(container);
        URI jdbc = URI.create(
                configValue("warehouse-config", "QUARKUS_DATASOURCE_JDBC_URL").replaceFirst("^jdbc:", ""));
        assertThat(jdbc.getHost()).isEqualTo(serviceName);
        assertThat(jdbc.getPath()).isEqualTo("/" + env.get("POSTGRES_DB"));
        // the warehouse runs as the runtime role and migrates as the owner, the roles PostgreSQL's init creates
        assertThat(configValue("warehouse-config", "QUARKUS_DATASOURCE_USERNAME"))
                .isEqualTo(env.get("DB_APP_USER"))
                .isEqualTo("etl_app");
        assertThat(configValue("warehouse-config", "QUARKUS_FLYWAY_USERNAME"))
                .isEqualTo(env.get("DB_OWNER_USER"))
                .isEqualTo("etl_owner");
        assertThat(env.get("POSTGRES_USER")).isNotIn("etl_app", "etl_owner");
    }

    @Test
    void postgresCreatesTheWarehouseRolesWhenItsVolumeIsFirstInitialised() throws IOException {
        // given the StatefulSet's container and the ConfigMap holding the init script
        Map<String, Object> sts = find("StatefulSet", "postgres").orElseThrow();
        Map<String, Object> container = containers(sts).get(0);
        Map<String, Object> initMount = listOrEmpty(container.get("volumeMounts"), "mounts").stream()
                .map(v -> map(v, "mount"))
                .filter(v -> "/docker-entrypoint-initdb.d".equals(v.get("mountPath")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("postgres mounts nothing at /docker-entrypoint-initdb.d"));
        Map<String, Object> volume = list(podSpec(sts).get("volumes"), "postgres volumes").stream()
                .map(v -> map(v, "volume"))
                .filter(v -> initMount.get("name").equals(v.get("name")))
                .findFirst()
                .orElseThrow();
        String configMap =
                String.valueOf(map(volume.get("configMap"), "init volume").get("name"));
        Map<String, Object> scripts =
                map(find("ConfigMap", configMap).orElseThrow().get("data"), configMap);

        // then it is the script docker compose mounts, word for word, and it is executable
        Path script = DeployFiles.repoRoot().resolve("deploy/postgres/create-roles.sh");
        assertThat(scripts).containsOnlyKeys("10-create-roles.sh");
        assertThat(scripts.get("10-create-roles.sh"))
                .as("ConfigMap %s is a copy of %s", configMap, script)
                .isEqualTo(Files.readString(script));
        assertThat(map(volume.get("configMap"), "init volume").get("defaultMode"))
                .as("mode r-xr-xr-x")
                .isEqualTo(0555);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static List<String> ids() {
        return objects.stream().map(o -> o.get("kind") + " " + name(o)).toList();
    }

    private static String id(Map<String, Object> o) {
        return o.get("kind") + " " + name(o);
    }

    private static Map<String, Object> metadata(Map<String, Object> o) {
        return map(o.get("metadata"), id(o) + " metadata");
    }

    /** An example people copy and edit: neither the kustomization nor core/ lists it. */
    private static void assertNotApplied(String example) {
        for (Path kustomizationDir : List.of(dir, dir.resolve("core"))) {
            assertThat(listOrEmpty(
                            DeployFiles.loadMap(kustomizationDir.resolve("kustomization.yaml"))
                                    .get("resources"),
                            "resources"))
                    .doesNotContain(example, "../" + example);
        }
    }

    private static List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    private static List<Map<String, Object>> workloads() {
        return objects.stream().filter(o -> WORKLOADS.contains(o.get("kind"))).toList();
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        Map<String, Object> template =
                map(map(workload.get("spec"), id(workload)).get("template"), id(workload));
        return map(template.get("spec"), id(workload) + " pod spec");
    }

    private static Map<String, Object> podLabels(Map<String, Object> workload) {
        Map<String, Object> template =
                map(map(workload.get("spec"), id(workload)).get("template"), id(workload));
        return mapOrEmpty(mapOrEmpty(template.get("metadata"), id(workload)).get("labels"), id(workload));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return list(podSpec(workload).get("containers"), id(workload) + " containers").stream()
                .map(c -> map(c, id(workload) + " container"))
                .toList();
    }

    private static Map<String, Object> workload(String name) {
        return workloads().stream()
                .filter(w -> name.equals(name(w)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment or StatefulSet " + name));
    }

    /** env name -> Secret key, for the workload's first container. */
    private static Map<String, String> secretEnv(String workload) {
        return listOrEmpty(containers(workload(workload)).get(0).get("env"), workload).stream()
                .map(e -> map(e, workload))
                .filter(e -> mapOrEmpty(e.get("valueFrom"), workload).containsKey("secretKeyRef"))
                .collect(Collectors.toMap(
                        e -> String.valueOf(e.get("name")),
                        e -> String.valueOf(
                                map(map(e.get("valueFrom"), workload).get("secretKeyRef"), workload)
                                        .get("key"))));
    }

    private static Map<String, String> literalEnv(Map<String, Object> container) {
        return listOrEmpty(container.get("env"), "env").stream()
                .map(e -> map(e, "env"))
                .filter(e -> e.containsKey("value"))
                .collect(Collectors.toMap(e -> String.valueOf(e.get("name")), e -> String.valueOf(e.get("value"))));
    }

    private static List<String> configMapsOf(String workload) {
        return listOrEmpty(containers(workload(workload)).get(0).get("envFrom"), workload).stream()
                .map(e -> mapOrEmpty(map(e, workload).get("configMapRef"), workload)
                        .get("name"))
                .filter(Objects::nonNull)
                .map(String::valueOf)
                .toList();
    }

    private static String configValue(String configMap, String key) {
        Map<String, Object> cm =
                find("ConfigMap", configMap).orElseThrow(() -> new AssertionError("no ConfigMap " + configMap));
        return String.valueOf(map(cm.get("data"), configMap).get(key));
    }

    private static List<Integer> servicePorts(Map<String, Object> svc) {
        return list(map(svc.get("spec"), id(svc)).get("ports"), id(svc)).stream()
                .map(p -> (Integer) map(p, id(svc)).get("port"))
                .toList();
    }

    private static int containerPort(String workload) {
        Map<String, Object> port = map(
                list(containers(workload(workload)).get(0).get("ports"), workload)
                        .get(0),
                workload);
        return (Integer) port.get("containerPort");
    }

    /**
     * The Service a host name reaches inside the cluster, if it is one: "name", "name.namespace",
     * "name.namespace.svc" or "name.namespace.svc.cluster.local" (this kustomization's namespace only).
     */
    private static Optional<String> inClusterService(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String[] labels = host.split("\\.");
        if (labels.length == 1) {
            return Optional.of(host);
        }
        boolean sameNamespace = labels[1].equals(SERVICES_NAMESPACE);
        boolean clusterSuffix = labels.length == 2
                || labels.length == 3 && labels[2].equals("svc")
                || host.endsWith("." + SERVICES_NAMESPACE + ".svc.cluster.local") && labels.length == 5;
        return sameNamespace && clusterSuffix ? Optional.of(labels[0]) : Optional.empty();
    }
}
