package io.dailyetl.devstack;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading the deployment files of the repository (docker-compose.yml, deploy/kubernetes/) for the tests that
 * check them: the repository root, YAML documents as plain maps and lists, and the kustomization rendered the way
 * kustomize renders what it uses.
 */
final class DeployFiles {

    static final String SERVICES_NAMESPACE = "daily-etl";

    /** The services whose Kubernetes manifests quarkus-kubernetes generates (demo-source is not deployed). */
    static final List<String> GENERATED_SERVICES = List.of("warehouse-service", "ingest-service", "report-service");

    /** Kinds that live outside any namespace, so kustomize's namespace leaves them alone. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "RuntimeClass");

    /** The kustomization fields {@link #renderKustomization} implements; any other fails the test loudly. */
    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "namespace", "resources");

    private DeployFiles() {
    }

    /** The repository root: the nearest directory, from the working directory up, holding docker-compose.yml. */
    static Path repoRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml in " + start + " or any directory above it");
    }

    /** Every non-empty YAML document of the file, as maps, lists and scalars (duplicate keys are an error). */
    static List<Object> loadAll(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Object> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object doc : yaml.loadAll(reader)) {
                if (doc != null) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** The single YAML document of the file, which must be a mapping. */
    static Map<String, Object> loadMap(Path file) {
        List<Object> docs = loadAll(file);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new IllegalStateException(file + " should hold one YAML mapping, holds " + docs.size() + " documents");
        }
        return map(docs.get(0), file.toString());
    }

    /**
     * The resources {@code kubectl apply -k dir} would apply, for the parts of kustomize this repository uses:
     * {@code resources} (files, in order) and {@code namespace} (set on every namespaced resource). A field this
     * method does not implement, a directory resource or two resources with the same kind, namespace and name
     * fail, so the checks never pass on a rendering that differs from kustomize's.
     */
    static List<Map<String, Object>> renderKustomization(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        Map<String, Object> kustomization = loadMap(file);
        Set<String> unknown = new LinkedHashSet<>(kustomization.keySet());
        unknown.removeAll(KUSTOMIZATION_FIELDS);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(file + " uses " + unknown + ", which DeployFiles.renderKustomization does "
                    + "not implement: extend it, or the Kubernetes checks test something else than kustomize applies");
        }
        String namespace = (String) kustomization.get("namespace");
        List<Map<String, Object>> rendered = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Object entry : list(kustomization.get("resources"), "resources")) {
            Path resource = dir.resolve((String) entry).normalize();
            if (!resource.startsWith(dir)) {
                throw new IllegalStateException(entry + ": kustomize reads nothing outside " + dir);
            }
            if (!Files.isRegularFile(resource)) {
                throw new IllegalStateException(file + " lists " + entry + ", which is not a file");
            }
            for (Object doc : loadAll(resource)) {
                Map<String, Object> object = map(doc, resource.toString());
                String kind = (String) object.get("kind");
                Map<String, Object> metadata = map(object.get("metadata"), entry + " " + kind + " metadata");
                if (namespace != null && !CLUSTER_SCOPED.contains(kind)) {
                    metadata.put("namespace", namespace);
                }
                String id = kind + " " + metadata.get("namespace") + "/" + metadata.get("name");
                String before = seen.put(id, (String) entry);
                if (before != null) {
                    throw new IllegalStateException(id + " is in both " + before + " and " + entry);
                }
                rendered.add(object);
            }
        }
        return rendered;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalStateException(what + " should be a mapping, is " + value);
        }
        return (Map<String, Object>) value;
    }

    /** The mapping, or an empty one where the key is absent. */
    static Map<String, Object> mapOrEmpty(Object value, String what) {
        return value == null ? Map.of() : map(value, what);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String what) {
        if (!(value instanceof List)) {
            throw new IllegalStateException(what + " should be a list, is " + value);
        }
        return (List<Object>) value;
    }

    /** The list, or an empty one where the key is absent. */
    static List<Object> listOrEmpty(Object value, String what) {
        return value == null ? List.of() : list(value, what);
    }

    static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata"), "metadata").get("name");
    }
}
