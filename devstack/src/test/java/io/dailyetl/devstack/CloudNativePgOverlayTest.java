package io.dailyetl.devstack;

import static io.dailyetl.devstack.DeployFiles.SERVICES_NAMESPACE;
import static io.dailyetl.devstack.DeployFiles.list;
import static io.dailyetl.devstack.DeployFiles.listOrEmpty;
import static io.dailyetl.devstack.DeployFiles.map;
import static io.dailyetl.devstack.DeployFiles.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.devstack.Manifests.Endpoint;
import io.dailyetl.testing.PostgresSettings;
import io.dailyetl.testing.docs.Docs;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/overlays/cloudnative-pg, rendered by kustomize: the system with a three-instance
 * CloudNativePG Cluster instead of the postgres StatefulSet, the warehouse connected to the Cluster's primary
 * with the credentials the operator generates, and the NetworkPolicies opened for the instances and the operator.
 */
class CloudNativePgOverlayTest {

    private static Manifests m;
    private static Map<String, Object> cluster;
    private static String clusterName;

    @BeforeAll
    static void render() {
        m = Manifests.render(
                DeployFiles.repoRoot().resolve(DeployFiles.OVERLAYS).resolve("cloudnative-pg"));
        List<Map<String, Object>> clusters = m.ofKind("Cluster");
        assertThat(clusters).hasSize(1);
        cluster = clusters.get(0);
        clusterName = name(cluster);
    }

    @Test
    void runsAThreeInstanceClusterInsteadOfThePostgresStatefulSet() {
        assertThat(m.ofKind("StatefulSet")).isEmpty();
        assertThat(m.find("Service", "postgres")).isEmpty();
        assertThat(m.workloads())
                .flatExtracting(w -> Manifests.allContainers(Manifests.podSpec(w), Manifests.id(w)))
                .extracting(c -> String.valueOf(c.get("image")))
                .noneMatch(image -> image.startsWith("postgres:"));
        assertThat(m.policies())
                .as("no policy left for the postgres StatefulSet's pods")
                .noneMatch(p -> {
                    Map<String, Object> selector =
                            map(map(p.get("spec"), "spec").get("podSelector"), "podSelector");
                    return !selector.isEmpty()
                            && Manifests.selects(selector, Map.of("app.kubernetes.io/name", "postgres"));
                });

        assertThat(cluster.get("apiVersion")).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(Manifests.namespace(cluster)).isEqualTo(SERVICES_NAMESPACE);
        Map<String, Object> spec = map(cluster.get("spec"), "Cluster spec");
        assertThat(spec.get("instances")).isEqualTo(3);
        assertThat(map(spec.get("storage"), "storage").get("size")).isEqualTo("10Gi");
        assertThat(String.valueOf(spec.get("imageName"))).matches("[^:]+/postgresql:17(\\.\\d+)+");
    }

    @Test
    void theClusterRunsWithTheRecommendedSettings() {
        Map<String, Object> spec = map(cluster.get("spec"), "Cluster spec");
        Map<String, Object> parameters =
                map(map(spec.get("postgresql"), "postgresql").get("parameters"), "parameters");
        assertThat(PostgresSettings.recommended(DeployFiles.repoRoot()))
                .isNotEmpty()
                .allSatisfy((name, value) ->
                        assertThat(parameters).as("postgresql.parameters").containsEntry(name, value));
    }

    @Test
    void theOwnerCreatesTheDatabaseAndTheRuntimeRoleTakesItsPasswordFromASecret() {
        Map<String, Object> spec = map(cluster.get("spec"), "Cluster spec");
        Map<String, Object> initdb = map(map(spec.get("bootstrap"), "bootstrap").get("initdb"), "initdb");
        assertThat(initdb).containsEntry("database", "etl").containsEntry("owner", "etl_owner");
        assertThat(initdb)
                .as("the owner's Secret is the one CloudNativePG generates")
                .doesNotContainKey("secret");
        List<Object> roles = list(map(spec.get("managed"), "managed").get("roles"), "managed.roles");
        assertThat(roles).hasSize(1);
        Map<String, Object> runtime = map(roles.get(0), "role");
        assertThat(runtime)
                .containsEntry("name", "etl_app")
                .containsEntry("login", true)
                .containsEntry("ensure", "present");
        assertThat(runtime.get("superuser")).isNotEqualTo(true);
        assertThat(runtime.get("createdb")).isNotEqualTo(true);
        assertThat(runtime.get("createrole")).isNotEqualTo(true);
        assertThat(map(runtime.get("passwordSecret"), "passwordSecret").get("name"))
                .isEqualTo(clusterName + "-runtime");
    }

    @Test
    void theInstancesRunAsNonRootWithTheRuntimeDefaultSeccompProfile() {
        Map<String, Object> spec = map(cluster.get("spec"), "Cluster spec");
        assertThat(map(spec.get("seccompProfile"), "seccompProfile").get("type"))
                .isEqualTo("RuntimeDefault");
        Map<String, Object> pod = map(spec.get("podSecurityContext"), "podSecurityContext");
        assertThat(pod).containsEntry("runAsNonRoot", true);
        assertThat((Integer) pod.get("runAsUser")).isPositive();
        Map<String, Object> container = map(spec.get("securityContext"), "securityContext");
        assertThat(container)
                .containsEntry("runAsNonRoot", true)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(map(container.get("capabilities"), "capabilities").get("drop"))
                .isEqualTo(List.of("ALL"));
    }

    @Test
    void theWarehouseRunsAsTheRuntimeRoleOnThePrimaryAndMigratesAsTheOwner() {
        Map<String, Object> config =
                map(m.find("ConfigMap", "warehouse-config").orElseThrow().get("data"), "data");
        URI jdbc = URI.create(
                String.valueOf(config.get("QUARKUS_DATASOURCE_JDBC_URL")).replaceFirst("^jdbc:", ""));
        assertThat(jdbc.getScheme()).isEqualTo("postgresql");
        assertThat(jdbc.getHost()).isEqualTo(clusterName + "-rw");
        assertThat(jdbc.getPort()).isEqualTo(5432);
        assertThat(jdbc.getPath()).isEqualTo("/etl");
        assertThat(config.get("QUARKUS_DATASOURCE_USERNAME")).isEqualTo("etl_app");
        assertThat(config.get("QUARKUS_FLYWAY_USERNAME")).isEqualTo("etl_owner");

        Map<String, Object> warehouse =
                m.find("Deployment", "warehouse-service").orElseThrow();
        Map<String, Object> container = Manifests.allContainers(Manifests.podSpec(warehouse), "warehouse")
                .get(0);
        // the runtime role's password is the Secret the Cluster's managed role reads; the owner's the generated one
        assertThat(secretOf(container, "QUARKUS_DATASOURCE_PASSWORD"))
                .containsEntry("name", runtimeSecret())
                .containsEntry("key", "password");
        assertThat(secretOf(container, "QUARKUS_FLYWAY_PASSWORD"))
                .containsEntry("name", clusterName + "-app")
                .containsEntry("key", "password");
    }

    private Map<String, Object> secretOf(Map<String, Object> container, String env) {
        List<Map<String, Object>> entries = listOrEmpty(container.get("env"), "env").stream()
                .map(e -> map(e, "env"))
                .filter(e -> env.equals(e.get("name")))
                .toList();
        assertThat(entries).as("%s is set once", env).hasSize(1);
        assertThat(entries.get(0)).as(env).doesNotContainKey("value");
        return map(map(entries.get(0).get("valueFrom"), "valueFrom").get("secretKeyRef"), "secretKeyRef");
    }

    private String runtimeSecret() {
        Map<String, Object> spec =
                map(m.find("Cluster", clusterName).orElseThrow().get("spec"), "spec");
        Map<String, Object> role = listOrEmpty(
                        map(spec.get("managed"), "managed").get("roles"), "roles")
                .stream()
                .map(r -> map(r, "role"))
                .filter(r -> "etl_app".equals(r.get("name")))
                .findFirst()
                .orElseThrow();
        return String.valueOf(map(role.get("passwordSecret"), "passwordSecret").get("name"));
    }

    @Test
    void theDocsCommandsCreateTheRuntimeRolesSecretTheClusterReads() {
        // docs/deployment.md's kubectl commands (not run: no cluster here) name the Secret and keys the overlay reads
        String commands = Docs.example("cloudnative-pg-secret").replace("\\\n", " ");
        assertThat(commands)
                .contains("create secret generic " + runtimeSecret() + " --type=kubernetes.io/basic-auth")
                .contains("--from-literal=username=etl_app")
                .contains("--from-literal=password=")
                .contains("label secret " + runtimeSecret() + " cnpg.io/reload=true");
    }

    @Test
    void theInstancesTalkToEachOtherToTheOperatorAndOnlyToTheWarehouse() {
        Endpoint instance = Endpoint.of(m.pod(clusterName));
        Endpoint otherInstance = Endpoint.of(m.pod(clusterName));
        Endpoint warehouse = Endpoint.of(m.pod("warehouse-service"));
        Endpoint ingest = Endpoint.of(m.pod("ingest-service"));
        Endpoint operator = Endpoint.podIn("cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"));
        Endpoint otherOperator = Endpoint.podIn("default", Map.of("app.kubernetes.io/name", "cloudnative-pg"));
        Endpoint apiServer = Endpoint.outside("10.96.0.1");

        assertThat(m.allows(warehouse, instance, 5432))
                .as("warehouse -> instance")
                .isTrue();
        assertThat(m.allows(ingest, instance, 5432)).as("ingest -> instance").isFalse();
        assertThat(m.allows(otherInstance, instance, 5432)).as("replication").isTrue();
        assertThat(m.allows(otherInstance, instance, 8000))
                .as("instance status between instances")
                .isTrue();
        assertThat(m.allows(operator, instance, 8000))
                .as("operator -> instance status")
                .isTrue();
        assertThat(m.allows(otherOperator, instance, 8000))
                .as("a pod of another namespace -> instance")
                .isFalse();
        assertThat(m.allows(instance, apiServer, 443))
                .as("instance -> Kubernetes API")
                .isTrue();
        assertThat(m.allows(instance, Endpoint.outside("203.0.113.10"), 443))
                .as("instance -> internet")
                .isFalse();
        assertThat(m.allows(warehouse, instance, 8000))
                .as("warehouse -> instance status")
                .isFalse();
        Endpoint prometheus = Endpoint.podIn("monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
        assertThat(m.allows(prometheus, instance, 9187))
                .as("prometheus -> instance metrics")
                .isTrue();
        assertThat(m.allows(prometheus, instance, 5432))
                .as("prometheus -> instance PostgreSQL")
                .isFalse();
    }
}
