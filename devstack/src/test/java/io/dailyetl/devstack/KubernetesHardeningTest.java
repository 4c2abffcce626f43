package io.dailyetl.devstack;

import static io.dailyetl.devstack.DeployFiles.SERVICES_NAMESPACE;
import static io.dailyetl.devstack.DeployFiles.list;
import static io.dailyetl.devstack.DeployFiles.listOrEmpty;
import static io.dailyetl.devstack.DeployFiles.map;
import static io.dailyetl.devstack.DeployFiles.mapOrEmpty;
import static io.dailyetl.devstack.Manifests.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.devstack.Manifests.Endpoint;
import io.dailyetl.devstack.Manifests.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole-system kustomization and every overlay, rendered by kustomize, run with least privilege: no
 * container as root or with privileges, writes only to emptyDirs and claims, a default-deny NetworkPolicy with
 * only the connections the system needs opened, images only as the kustomizations name them, and secrets only
 * by reference.
 */
class KubernetesHardeningTest {

    private static final Pattern SENSITIVE = Pattern.compile(".*(PASSWORD|TOKEN|SECRET).*");
    /** The label of pods that may call ingest's and report's APIs (network-policies.yaml, api-clients-*). */
    private static final Map<String, Object> API_CLIENT = Map.of("daily-etl/api-client", "true");

    private static final List<String> SERVICES = DeployFiles.GENERATED_SERVICES;

    private static final Map<Path, Manifests> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void render() {
        for (Path dir : kustomizations()) {
            RENDERED.put(dir, Manifests.render(dir));
        }
    }

    static List<Path> kustomizations() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(DeployFiles.repoRoot().resolve(DeployFiles.KUBERNETES));
        dirs.addAll(DeployFiles.overlayDirs());
        return dirs;
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyContainerRunsAsANonRootUserWithoutPrivilegesOnAReadOnlyRoot(Path dir) {
        Manifests m = RENDERED.get(dir);
        List<String> problems = new ArrayList<>();
        int containers = 0;
        for (Map<String, Object> w : m.workloads()) {
            Map<String, Object> podSpec = Manifests.podSpec(w);
            Map<String, Object> pod = mapOrEmpty(podSpec.get("securityContext"), id(w) + " pod securityContext");
            if (Objects.equals(pod.get("runAsUser"), 0) || Objects.equals(pod.get("runAsGroup"), 0)) {
                problems.add(id(w) + " pod runs as root (" + pod + ")");
            }
            for (Map<String, Object> c : Manifests.allContainers(podSpec, id(w))) {
                containers++;
                String where = id(w) + " container " + c.get("name");
                Map<String, Object> sc = mapOrEmpty(c.get("securityContext"), where + " securityContext");
                Object user = sc.getOrDefault("runAsUser", pod.get("runAsUser"));
                Object group = sc.getOrDefault("runAsGroup", pod.get("runAsGroup"));
                Object nonRoot = sc.getOrDefault("runAsNonRoot", pod.get("runAsNonRoot"));
                Object seccomp = mapOrEmpty(sc.getOrDefault("seccompProfile", pod.get("seccompProfile")), where)
                        .get("type");
                if (!(user instanceof Integer u) || u == 0) {
                    problems.add(where + " runs as user " + user + ", not a fixed non-root uid");
                }
                if (!(group instanceof Integer g) || g == 0) {
                    problems.add(where + " runs as group " + group + ", not a fixed non-root gid");
                }
                if (!Boolean.TRUE.equals(nonRoot)) {
                    problems.add(where + " runAsNonRoot is " + nonRoot);
                }
                if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
                    problems.add(where + " readOnlyRootFilesystem is " + sc.get("readOnlyRootFilesystem"));
                }
                if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
                    problems.add(where + " allowPrivilegeEscalation is " + sc.get("allowPrivilegeEscalation"));
                }
                if (Boolean.TRUE.equals(sc.get("privileged"))) {
                    problems.add(where + " is privileged");
                }
                Map<String, Object> capabilities = mapOrEmpty(sc.get("capabilities"), where + " capabilities");
                if (!listOrEmpty(capabilities.get("drop"), where).contains("ALL")
                        || !listOrEmpty(capabilities.get("add"), where).isEmpty()) {
                    problems.add(where + " capabilities are " + capabilities + ", not drop [ALL]");
                }
                if (!"RuntimeDefault".equals(seccomp)) {
                    problems.add(where + " seccomp profile is " + seccomp);
                }
            }
        }
        assertThat(problems).as("%s", m).isEmpty();
        assertThat(containers).as("containers of %s", m).isGreaterThanOrEqualTo(SERVICES.size());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theNamespaceEnforcesTheRestrictedPodSecurityStandard(Path dir) {
        Manifests m = RENDERED.get(dir);
        Map<String, Object> namespace = m.find("Namespace", SERVICES_NAMESPACE).orElseThrow();
        assertThat(mapOrEmpty(map(namespace.get("metadata"), "metadata").get("labels"), "labels"))
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void containersWriteOnlyToEmptyDirsAndClaimsAndEveryServiceHasAWritableTmp(Path dir) {
        Manifests m = RENDERED.get(dir);
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> w : m.workloads()) {
            Map<String, Object> podSpec = Manifests.podSpec(w);
            Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
            for (Object v : listOrEmpty(podSpec.get("volumes"), id(w))) {
                volumes.put(String.valueOf(map(v, id(w)).get("name")), map(v, id(w)));
            }
            Set<String> claims =
                    listOrEmpty(mapOrEmpty(w.get("spec"), id(w)).get("volumeClaimTemplates"), id(w)).stream()
                            .map(c -> (String)
                                    map(map(c, id(w)).get("metadata"), id(w)).get("name"))
                            .collect(Collectors.toSet());
            for (Map<String, Object> c : Manifests.allContainers(podSpec, id(w))) {
                for (Object entry : listOrEmpty(c.get("volumeMounts"), id(w))) {
                    Map<String, Object> mount = map(entry, id(w) + " mount");
                    String volume = String.valueOf(mount.get("name"));
                    String where = id(w) + " container " + c.get("name") + " mount " + mount.get("mountPath");
                    if (Boolean.TRUE.equals(mount.get("readOnly"))) {
                        continue;
                    }
                    Map<String, Object> v = volumes.get(volume);
                    boolean writableKind = claims.contains(volume)
                            || v != null && (v.containsKey("emptyDir") || v.containsKey("persistentVolumeClaim"));
                    if (!writableKind) {
                        problems.add(where + " is writable but volume " + volume + " is " + v
                                + ", not an emptyDir or a PersistentVolumeClaim");
                    }
                }
            }
        }
        assertThat(problems).as("%s", m).isEmpty();
        for (String service : SERVICES) {
            Map<String, Object> w = m.find("Deployment", service).orElseThrow();
            Map<String, Object> container =
                    Manifests.allContainers(Manifests.podSpec(w), service).get(0);
            Map<String, Object> tmp = listOrEmpty(container.get("volumeMounts"), service).stream()
                    .map(v -> map(v, service))
                    .filter(v -> "/tmp".equals(v.get("mountPath")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(service + " has no writable /tmp (java.io.tmpdir)"));
            assertThat(tmp.get("readOnly")).as("%s /tmp", service).isNotEqualTo(true);
            Map<String, Object> volume = listOrEmpty(Manifests.podSpec(w).get("volumes"), service).stream()
                    .map(v -> map(v, service))
                    .filter(v -> Objects.equals(v.get("name"), tmp.get("name")))
                    .findFirst()
                    .orElseThrow();
            assertThat(volume).as("%s /tmp volume", service).containsKey("emptyDir");
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everythingIsDeniedByDefaultAndEveryPolicySelectsPodsThatRun(Path dir) {
        Manifests m = RENDERED.get(dir);
        List<Map<String, Object>> policies = m.policies();
        assertThat(policies).as("NetworkPolicies of %s", m).isNotEmpty();
        assertThat(policies)
                .as("a default deny of all ingress and egress in %s", m)
                .anySatisfy(p -> {
                    Map<String, Object> spec = map(p.get("spec"), id(p));
                    assertThat(map(spec.get("podSelector"), id(p))).isEmpty();
                    assertThat(list(spec.get("policyTypes"), id(p))).containsExactlyInAnyOrder("Ingress", "Egress");
                    assertThat(spec.get("ingress")).isNull();
                    assertThat(spec.get("egress")).isNull();
                });

        List<Pod> pods = m.pods();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> p : policies) {
            assertThat(Manifests.namespace(p)).as(id(p)).isEqualTo(SERVICES_NAMESPACE);
            Map<String, Object> spec = map(p.get("spec"), id(p));
            List<Map<String, Object>> selectors = new ArrayList<>();
            selectors.add(map(spec.get("podSelector"), id(p) + " podSelector"));
            for (String rules : List.of("ingress", "egress")) {
                for (Object r : listOrEmpty(spec.get(rules), id(p))) {
                    for (Object peer : listOrEmpty(
                            map(r, id(p)).getOrDefault("from", map(r, id(p)).get("to")), id(p))) {
                        Map<String, Object> pe = map(peer, id(p) + " peer");
                        if (pe.containsKey("podSelector") && !pe.containsKey("namespaceSelector")) {
                            selectors.add(map(pe.get("podSelector"), id(p) + " peer podSelector"));
                        }
                    }
                }
            }
            for (Map<String, Object> selector : selectors) {
                boolean real = pods.stream().anyMatch(pod -> Manifests.selects(selector, pod.labels()))
                        || Manifests.selects(selector, API_CLIENT) && !selector.isEmpty();
                if (!real) {
                    problems.add(id(p) + " selects " + selector + ", which no pod of " + m + " carries");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void onlyTheConnectionsTheSystemNeedsAreOpen(Path dir) {
        Manifests m = RENDERED.get(dir);
        Endpoint warehouse = Endpoint.of(m.pod("warehouse-service"));
        Endpoint ingest = Endpoint.of(m.pod("ingest-service"));
        Endpoint report = Endpoint.of(m.pod("report-service"));
        Endpoint console = Endpoint.of(m.pod("console-service"));
        Endpoint ingressController = Endpoint.podIn("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
        Endpoint database = Endpoint.of(databasePod(m));
        Endpoint dns = Endpoint.podIn("kube-system", Map.of("k8s-app", "kube-dns"));
        Endpoint prometheus = Endpoint.podIn("monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
        Endpoint elsewhere = Endpoint.podIn("default", Map.of("app", "curious"));
        Endpoint apiClient = Endpoint.podIn(SERVICES_NAMESPACE, API_CLIENT);
        Endpoint internet = Endpoint.outside("203.0.113.10");
        Endpoint metadata = Endpoint.outside("169.254.169.254");
        Endpoint stranger = Endpoint.podIn(SERVICES_NAMESPACE, Map.of("app", "stranger"));

        assertThat(m.allows(ingest, warehouse, 8082)).as("ingest -> warehouse").isTrue();
        assertThat(m.allows(report, warehouse, 8082)).as("report -> warehouse").isTrue();
        assertThat(m.allows(warehouse, database, 5432))
                .as("warehouse -> database")
                .isTrue();
        assertThat(m.allows(console, warehouse, 8082))
                .as("console -> warehouse")
                .isTrue();
        assertThat(m.allows(console, ingest, 8081)).as("console -> ingest").isTrue();
        assertThat(m.allows(console, report, 8083)).as("console -> report").isTrue();
        assertThat(m.allows(ingressController, console, 8084))
                .as("ingress controller -> console")
                .isTrue();
        assertThat(m.allows(elsewhere, console, 8084))
                .as("another namespace -> console")
                .isFalse();
        assertThat(m.allows(stranger, console, 8084)).as("any pod -> console").isFalse();
        assertThat(m.allows(console, internet, 443)).as("console -> internet").isFalse();
        assertThat(m.allows(ingressController, warehouse, 8082))
                .as("ingress controller -> warehouse")
                .isFalse();
        for (Endpoint other : List.of(ingest, report, console, stranger, apiClient, elsewhere)) {
            assertThat(m.allows(other, database, 5432))
                    .as("%s -> database", other.podLabels())
                    .isFalse();
        }
        assertThat(m.allows(stranger, warehouse, 8082))
                .as("any pod -> warehouse")
                .isFalse();
        assertThat(m.allows(warehouse, ingest, 8081)).as("warehouse -> ingest").isFalse();
        assertThat(m.allows(database, internet, 443)).as("database -> internet").isFalse();
        assertThat(m.allows(warehouse, internet, 443))
                .as("warehouse -> internet")
                .isFalse();
        assertThat(m.allows(ingest, internet, 443))
                .as("ingest -> the source (https)")
                .isTrue();
        assertThat(m.allows(ingest, internet, 25)).as("ingest -> port 25").isFalse();
        assertThat(m.allows(ingest, metadata, 443))
                .as("ingest -> the cloud metadata address")
                .isFalse();
        assertThat(m.allows(report, internet, 587))
                .as("report -> SMTP submission")
                .isTrue();
        assertThat(m.allows(report, internet, 443))
                .as("report -> the notification webhook (https)")
                .isTrue();
        assertThat(m.allows(report, metadata, 443))
                .as("report -> the cloud metadata address")
                .isFalse();
        assertThat(m.allows(report, internet, 80)).as("report -> plain http").isFalse();
        for (Endpoint service : List.of(warehouse, ingest, report, console)) {
            int port = (Integer) service.namedPorts().get("http");
            assertThat(m.allows(service, dns, 53, "UDP"))
                    .as("%s -> DNS", service.podLabels())
                    .isTrue();
            assertThat(m.allows(prometheus, service, port))
                    .as("prometheus -> %s", service.podLabels())
                    .isTrue();
            assertThat(m.allows(elsewhere, service, port))
                    .as("another namespace -> %s", service.podLabels())
                    .isFalse();
        }
        assertThat(m.allows(prometheus, database, 5432))
                .as("prometheus -> database")
                .isFalse();
        assertThat(m.allows(apiClient, ingest, 8081)).as("api client -> ingest").isTrue();
        assertThat(m.allows(apiClient, report, 8083)).as("api client -> report").isTrue();
        assertThat(m.allows(apiClient, warehouse, 8082))
                .as("api client -> warehouse")
                .isFalse();
        assertThat(m.allows(stranger, ingest, 8081))
                .as("unlabelled pod -> ingest")
                .isFalse();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void imagesAreTheOnesTheKustomizationsImagesEntriesName(Path dir) {
        Manifests m = RENDERED.get(dir);
        List<Map<String, Object>> entries = imageEntries(dir);
        List<String> problems = new ArrayList<>();
        int images = 0;
        for (Map<String, Object> w : m.workloads()) {
            for (Map<String, Object> c : Manifests.allContainers(Manifests.podSpec(w), id(w))) {
                images++;
                String image = String.valueOf(c.get("image"));
                boolean named = entries.stream().anyMatch(e -> {
                    String repository = String.valueOf(e.getOrDefault("newName", e.get("name")));
                    return e.get("digest") != null
                            ? image.equals(repository + "@" + e.get("digest"))
                            : e.get("newTag") != null && image.equals(repository + ":" + e.get("newTag"));
                });
                if (!named) {
                    problems.add(id(w) + " container " + c.get("name") + " runs " + image
                            + ", which no images entry of " + m + " names (" + entries + ")");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(images).isGreaterThanOrEqualTo(SERVICES.size());
        for (String service : SERVICES) {
            assertThat(entries)
                    .as("images entry of %s", service)
                    .anySatisfy(e -> assertThat(e.get("name")).isEqualTo("docker.io/daily-etl/" + service));
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void passwordsTokensAndSecretsComeFromSecretsByReferenceOnly(Path dir) {
        Manifests m = RENDERED.get(dir);
        assertThat(m.objects)
                .extracting(o -> o.get("kind"))
                .as("%s applies no Secret", m)
                .doesNotContain("Secret");
        List<String> problems = new ArrayList<>();
        int fromSecret = 0;
        for (Map<String, Object> w : m.workloads()) {
            for (Map<String, Object> c : Manifests.allContainers(Manifests.podSpec(w), id(w))) {
                String where = id(w) + " container " + c.get("name");
                for (Object entry : listOrEmpty(c.get("env"), where)) {
                    Map<String, Object> env = map(entry, where + " env");
                    String name = String.valueOf(env.get("name"));
                    if (!SENSITIVE.matcher(name).matches()) {
                        continue;
                    }
                    Map<String, Object> valueFrom = mapOrEmpty(env.get("valueFrom"), where);
                    Map<String, Object> ref = mapOrEmpty(valueFrom.get("secretKeyRef"), where);
                    if (env.containsKey("value") || ref.get("name") == null || ref.get("key") == null) {
                        problems.add(where + " " + name + " is not a secretKeyRef with name and key: " + env);
                    } else {
                        fromSecret++;
                    }
                }
            }
        }
        for (Map<String, Object> cm : m.ofKind("ConfigMap")) {
            for (String key : mapOrEmpty(cm.get("data"), id(cm)).keySet()) {
                if (SENSITIVE.matcher(key).matches()) {
                    problems.add(id(cm) + " holds " + key + ": passwords and tokens belong in a Secret");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(fromSecret).as("secret env vars of %s", m).isGreaterThanOrEqualTo(SERVICES.size() + 1);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The pod the database runs in: the postgres StatefulSet's, or a CloudNativePG Cluster's instances. */
    private static Pod databasePod(Manifests m) {
        List<Pod> databases = m.pods().stream()
                .filter(p -> "postgres".equals(p.labels().get("app.kubernetes.io/name"))
                        || p.labels().containsKey("cnpg.io/cluster"))
                .toList();
        assertThat(databases).as("database pods of %s", m).hasSize(1);
        return databases.get(0);
    }

    /** The images entries of the kustomization and of every kustomization it builds on. */
    private static List<Map<String, Object>> imageEntries(Path dir) {
        List<Map<String, Object>> entries = new ArrayList<>();
        Map<String, Object> kustomization = DeployFiles.loadMap(dir.resolve("kustomization.yaml"));
        listOrEmpty(kustomization.get("images"), dir + " images").forEach(e -> entries.add(map(e, dir + " image")));
        Stream.of("bases", "resources")
                .flatMap(k -> listOrEmpty(kustomization.get(k), dir + " " + k).stream())
                .map(r -> dir.resolve(String.valueOf(r)).normalize())
                .filter(Files::isDirectory)
                .forEach(base -> entries.addAll(imageEntries(base)));
        return entries;
    }
}
