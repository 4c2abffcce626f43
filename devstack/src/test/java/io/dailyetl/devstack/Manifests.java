package io.dailyetl.devstack;

import static io.dailyetl.devstack.DeployFiles.list;
import static io.dailyetl.devstack.DeployFiles.listOrEmpty;
import static io.dailyetl.devstack.DeployFiles.map;
import static io.dailyetl.devstack.DeployFiles.mapOrEmpty;
import static io.dailyetl.devstack.DeployFiles.name;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One kustomization as kustomize renders it, with what the manifest checks ask of it: the pods that will run
 * (workloads' pod templates, and the instances a CloudNativePG Cluster creates), their containers, and whether
 * the NetworkPolicies let one endpoint reach another.
 */
final class Manifests {

    static final Set<String> WORKLOADS =
            Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob");

    /** Labels Kubernetes puts on every namespace. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    /**
     * The instance pods CloudNativePG creates for a Cluster carry cnpg.io/cluster=name and listen on 5432
     * (PostgreSQL), 8000 (the instance manager's status) and 9187 (metrics).
     */
    private static final Map<String, Object> CNPG_PORTS = Map.of("postgresql", 5432, "status", 8000, "metrics", 9187);

    final Path dir;
    final List<Map<String, Object>> objects;

    private Manifests(Path dir, List<Map<String, Object>> objects) {
        this.dir = dir;
        this.objects = objects;
    }

    static Manifests render(Path dir) {
        return new Manifests(dir, DeployFiles.renderKustomization(dir));
    }

    @Override
    public String toString() {
        return DeployFiles.repoRoot().relativize(dir).toString();
    }

    /** A pod that will run: its namespace, labels, named container ports and (for workloads) pod spec. */
    record Pod(
            String owner,
            String namespace,
            Map<String, Object> labels,
            Map<String, Object> namedPorts,
            Set<Object> ports,
            Map<String, Object> spec) {}

    static String id(Map<String, Object> o) {
        return o.get("kind") + " " + name(o);
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    List<Map<String, Object>> workloads() {
        return objects.stream().filter(o -> WORKLOADS.contains(o.get("kind"))).toList();
    }

    static Map<String, Object> podTemplate(Map<String, Object> workload) {
        Map<String, Object> spec = map(workload.get("spec"), id(workload));
        if ("CronJob".equals(workload.get("kind"))) {
            spec = map(map(spec.get("jobTemplate"), id(workload)).get("spec"), id(workload));
        }
        return map(spec.get("template"), id(workload) + " template");
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(podTemplate(workload).get("spec"), id(workload) + " pod spec");
    }

    /** The containers and init containers of a pod spec. */
    static List<Map<String, Object>> allContainers(Map<String, Object> podSpec, String what) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (String key : List.of("initContainers", "containers")) {
            listOrEmpty(podSpec.get(key), what + " " + key).forEach(c -> containers.add(map(c, what + " container")));
        }
        return containers;
    }

    /** Every pod this kustomization runs. */
    List<Pod> pods() {
        List<Pod> pods = new ArrayList<>();
        for (Map<String, Object> w : workloads()) {
            Map<String, Object> spec = podSpec(w);
            Map<String, Object> metadata = mapOrEmpty(podTemplate(w).get("metadata"), id(w));
            Map<String, Object> labels = mapOrEmpty(metadata.get("labels"), id(w));
            Map<String, Object> named = new LinkedHashMap<>();
            Set<Object> ports = new HashSet<>();
            for (Map<String, Object> c : allContainers(spec, id(w))) {
                for (Object p : listOrEmpty(c.get("ports"), id(w) + " ports")) {
                    Map<String, Object> port = map(p, id(w) + " port");
                    ports.add(port.get("containerPort"));
                    if (port.get("name") != null) {
                        named.put(String.valueOf(port.get("name")), port.get("containerPort"));
                    }
                }
            }
            pods.add(new Pod(id(w), namespace(w), labels, named, ports, spec));
        }
        for (Map<String, Object> cluster : ofKind("Cluster")) {
            if (String.valueOf(cluster.get("apiVersion")).startsWith("postgresql.cnpg.io/")) {
                pods.add(new Pod(
                        id(cluster),
                        namespace(cluster),
                        Map.of("cnpg.io/cluster", name(cluster), "cnpg.io/podRole", "instance"),
                        CNPG_PORTS,
                        Set.copyOf(CNPG_PORTS.values()),
                        null));
            }
        }
        return pods;
    }

    Pod pod(String nameLabel) {
        return pods().stream()
                .filter(p -> nameLabel.equals(p.labels().get("app.kubernetes.io/name"))
                        || nameLabel.equals(p.labels().get("cnpg.io/cluster")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(this + " runs no pod " + nameLabel));
    }

    static String namespace(Map<String, Object> o) {
        return (String) map(o.get("metadata"), id(o) + " metadata").get("namespace");
    }

    /** Whether a label selector (matchLabels and matchExpressions; empty selects all) selects these labels. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        for (var e : mapOrEmpty(selector.get("matchLabels"), "matchLabels").entrySet()) {
            if (!Objects.equals(
                    String.valueOf(e.getValue()),
                    labels.get(e.getKey()) == null ? null : String.valueOf(labels.get(e.getKey())))) {
                return false;
            }
        }
        for (Object entry : listOrEmpty(selector.get("matchExpressions"), "matchExpressions")) {
            Map<String, Object> expression = map(entry, "matchExpression");
            Object value = labels.get(String.valueOf(expression.get("key")));
            List<String> values = listOrEmpty(expression.get("values"), "values").stream()
                    .map(String::valueOf)
                    .toList();
            boolean ok = switch (String.valueOf(expression.get("operator"))) {
                case "In" -> value != null && values.contains(String.valueOf(value));
                case "NotIn" -> value == null || !values.contains(String.valueOf(value));
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalStateException("unknown selector operator in " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // NetworkPolicy evaluation ---------------------------------------------------------------------------------

    /**
     * One end of a connection: a pod of this kustomization, a pod with these labels in another namespace, or an
     * address outside the cluster.
     */
    record Endpoint(
            String namespace,
            Map<String, Object> namespaceLabels,
            Map<String, Object> podLabels,
            Map<String, Object> namedPorts,
            String address) {

        static Endpoint of(Pod pod) {
            return new Endpoint(
                    pod.namespace(),
                    Map.of(NAMESPACE_NAME_LABEL, pod.namespace()),
                    pod.labels(),
                    pod.namedPorts(),
                    null);
        }

        static Endpoint podIn(String namespace, Map<String, Object> labels) {
            return new Endpoint(namespace, Map.of(NAMESPACE_NAME_LABEL, namespace), labels, Map.of(), null);
        }

        static Endpoint outside(String address) {
            return new Endpoint(null, Map.of(), null, Map.of(), address);
        }

        boolean isPod() {
            return podLabels != null;
        }
    }

    List<Map<String, Object>> policies() {
        return ofKind("NetworkPolicy");
    }

    /**
     * Whether the NetworkPolicies let {@code from} open a connection to {@code to} on the port: the egress of the
     * source, if it is a pod of a namespace these policies govern, and the ingress of the destination, likewise.
     */
    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return (!governed(from) || permitted(from, "Egress", "egress", "to", to, to, port, protocol))
                && (!governed(to) || permitted(to, "Ingress", "ingress", "from", from, to, port, protocol));
    }

    boolean allows(Endpoint from, Endpoint to, int port) {
        return allows(from, to, port, "TCP");
    }

    private boolean governed(Endpoint e) {
        return e.isPod() && policies().stream().anyMatch(p -> e.namespace().equals(namespace(p)));
    }

    private boolean permitted(
            Endpoint subject,
            String type,
            String rulesKey,
            String peersKey,
            Endpoint peer,
            Endpoint destination,
            int port,
            String protocol) {
        boolean isolated = false;
        for (Map<String, Object> policy : policies()) {
            Map<String, Object> spec = map(policy.get("spec"), id(policy));
            if (!subject.namespace().equals(namespace(policy))
                    || !selects(map(spec.get("podSelector"), id(policy) + " podSelector"), subject.podLabels())
                    || !policyTypes(spec).contains(type)) {
                continue;
            }
            isolated = true;
            for (Object r : listOrEmpty(spec.get(rulesKey), id(policy) + " " + rulesKey)) {
                Map<String, Object> rule = map(r, id(policy) + " rule");
                List<Object> peers = listOrEmpty(rule.get(peersKey), id(policy) + " " + peersKey);
                boolean peerOk = peers.isEmpty()
                        || peers.stream()
                                .anyMatch(p -> peerMatches(map(p, id(policy) + " peer"), namespace(policy), peer));
                List<Object> ports = listOrEmpty(rule.get("ports"), id(policy) + " ports");
                if (peerOk && portMatches(ports, destination, port, protocol)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    private static List<String> policyTypes(Map<String, Object> spec) {
        if (spec.get("policyTypes") != null) {
            return list(spec.get("policyTypes"), "policyTypes").stream()
                    .map(String::valueOf)
                    .toList();
        }
        return spec.containsKey("egress") ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private static boolean peerMatches(Map<String, Object> peer, String policyNamespace, Endpoint e) {
        if (peer.containsKey("ipBlock")) {
            if (e.isPod()) {
                return false;
            }
            Map<String, Object> block = map(peer.get("ipBlock"), "ipBlock");
            return inCidr(e.address(), String.valueOf(block.get("cidr")))
                    && listOrEmpty(block.get("except"), "except").stream()
                            .noneMatch(x -> inCidr(e.address(), String.valueOf(x)));
        }
        if (!e.isPod()) {
            return false;
        }
        boolean namespaceOk = peer.containsKey("namespaceSelector")
                ? selects(map(peer.get("namespaceSelector"), "namespaceSelector"), e.namespaceLabels())
                : policyNamespace.equals(e.namespace());
        boolean podOk =
                !peer.containsKey("podSelector") || selects(map(peer.get("podSelector"), "podSelector"), e.podLabels());
        return namespaceOk && podOk;
    }

    private static boolean portMatches(List<Object> ports, Endpoint destination, int port, String protocol) {
        if (ports.isEmpty()) {
            return true;
        }
        for (Object p : ports) {
            Map<String, Object> entry = map(p, "port");
            if (!protocol.equals(entry.getOrDefault("protocol", "TCP"))) {
                continue;
            }
            Object value = entry.get("port");
            if (value == null
                    || Objects.equals(value, port)
                    || value instanceof String named
                            && Objects.equals(destination.namedPorts().get(named), port)) {
                return true;
            }
        }
        return false;
    }

    static boolean inCidr(String address, String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
        return (ipv4(address) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }
}
