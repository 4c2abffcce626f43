package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * deploy/kubernetes/core/generated/ holds copies of what quarkus-kubernetes writes when the services are packaged
 * (kustomize reads nothing outside its folder). This fails when a copy does not say what the current sources
 * generate, e.g. after a "## Kubernetes" setting changed in an application.properties: run
 * deploy/kubernetes/regenerate and commit core/generated/. It needs the services packaged first, as the reactor does
 * before this module's tests. The YAML is compared, not the bytes, as the order of some labels changes from one
 * build to the next.
 */
class GeneratedManifestsAreFreshTest {

    static final List<String> SERVICES = DeployFiles.GENERATED_SERVICES;

    private static Path root;
    private static Path generated;

    @BeforeAll
    static void locate() {
        root = DeployFiles.repoRoot();
        generated = root.resolve(DeployFiles.GENERATED);
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void copyIsWhatTheBuildGenerates(String service) {
        Path built = root.resolve(service).resolve("target/kubernetes/kubernetes.yml");
        Path copy = generated.resolve(service + ".yml");
        if (!Files.isRegularFile(built)) {
            fail(
                    "%s does not exist: package %s first (deploy/kubernetes/regenerate does, and refreshes the copy; "
                            + "so does ./mvnw -B package -DskipTests)",
                    root.relativize(built), service);
        }
        if (!Files.isRegularFile(copy)) {
            fail(
                    "%s does not exist: run deploy/kubernetes/regenerate and commit " + DeployFiles.GENERATED + "/",
                    root.relativize(copy));
        }
        List<Object> expected = DeployFiles.loadAll(built);
        List<Object> actual = DeployFiles.loadAll(copy);
        String difference = firstDifference("", expected, actual);
        if (difference != null) {
            fail(
                    "%s is stale, it differs from %s at %s. Run deploy/kubernetes/regenerate and commit "
                            + DeployFiles.GENERATED + "/.",
                    root.relativize(copy),
                    root.relativize(built),
                    difference);
        }
    }

    /**
     * Where two YAML trees differ (null if they do not): mappings are compared by their entries, whatever their
     * order, as quarkus-kubernetes does not write the labels of a Deployment in the same order every build;
     * lists and scalars must be equal.
     */
    private static String firstDifference(String path, Object generated, Object copy) {
        if (generated instanceof Map<?, ?> g && copy instanceof Map<?, ?> c) {
            Set<Object> keys = new LinkedHashSet<>(g.keySet());
            keys.addAll(c.keySet());
            for (Object key : keys) {
                String at = path.isEmpty() ? String.valueOf(key) : path + "." + key;
                if (!g.containsKey(key) || !c.containsKey(key)) {
                    return at + " (generated: " + describe(g.get(key)) + ", copy: " + describe(c.get(key)) + ")";
                }
                String difference = firstDifference(at, g.get(key), c.get(key));
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (generated instanceof List<?> g && copy instanceof List<?> c) {
            for (int i = 0; i < Math.max(g.size(), c.size()); i++) {
                String at = path.isEmpty() ? "document " + (i + 1) + describeDocument(g, c, i) : path + "[" + i + "]";
                if (i >= g.size() || i >= c.size()) {
                    return at + " (generated: " + (i < g.size() ? "present" : "absent") + ", copy: "
                            + (i < c.size() ? "present" : "absent") + ")";
                }
                String difference = firstDifference(at, g.get(i), c.get(i));
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        return Objects.equals(generated, copy)
                ? null
                : (path.isEmpty() ? "the top" : path) + " (generated: " + describe(generated) + ", copy: "
                        + describe(copy) + ")";
    }

    private static String describeDocument(List<?> generated, List<?> copy, int i) {
        Object doc = i < generated.size() ? generated.get(i) : copy.get(i);
        if (doc instanceof Map<?, ?> m && m.get("metadata") instanceof Map<?, ?> metadata) {
            return " (" + m.get("kind") + " " + metadata.get("name") + ")";
        }
        return "";
    }

    private static String describe(Object value) {
        return value == null
                ? "absent"
                : value instanceof Map || value instanceof List
                        ? "a " + value.getClass().getSimpleName()
                        : "'" + value + "'";
    }

    @Test
    void theKustomizationDeploysEveryGeneratedManifestAndNothingElseIsThere() throws IOException {
        try (Stream<Path> files = Files.list(generated)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(
                            SERVICES.stream().map(s -> s + ".yml").toList());
        }
        List<Object> resources = DeployFiles.list(
                DeployFiles.loadMap(generated.resolveSibling("kustomization.yaml"))
                        .get("resources"),
                "resources");
        for (String service : SERVICES) {
            assertThat(resources).contains("generated/" + service + ".yml");
        }
    }
}
