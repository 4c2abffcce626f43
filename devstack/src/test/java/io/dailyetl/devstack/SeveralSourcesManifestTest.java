package io.dailyetl.devstack;

import static io.dailyetl.devstack.DeployFiles.list;
import static io.dailyetl.devstack.DeployFiles.map;
import static io.dailyetl.devstack.DeployFiles.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.docs.Docs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/deployment.md's overlay for several sources, rendered as written (on top of deploy/kubernetes) with the real
 * kustomize: the sources' settings reach ingest's ConfigMap, their secrets reach ingest by reference only.
 */
class SeveralSourcesManifestTest {

    @Test
    void theDocumentedOverlayGivesIngestEachSourcesSettingsAndSecretsByReference() throws Exception {
        // given the three files of docs/deployment.md in a folder of their own, built on deploy/kubernetes
        Path overlay = DeployFiles.repoRoot().resolve("devstack/target/k8s-several-sources/my-cluster");
        Files.createDirectories(overlay);
        Path base = overlay.relativize(DeployFiles.repoRoot().resolve("deploy/kubernetes"));
        Files.writeString(
                overlay.resolve("kustomization.yaml"),
                Docs.example("k8s-sources-kustomization").replace("../kubernetes", base.toString()));
        Files.writeString(overlay.resolve("ingest-sources-config.yaml"), Docs.example("k8s-sources-config"));
        Files.writeString(overlay.resolve("ingest-sources-credentials.yaml"), Docs.example("k8s-sources-credentials"));

        // when kustomize renders it
        Manifests rendered = Manifests.render(overlay);

        // then ingest's ConfigMap names both sources and no longer the single source's URL
        Map<String, Object> config =
                map(object(rendered, "ConfigMap", "ingest-config").get("data"), "ingest-config data");
        assertThat(config)
                .containsEntry("INGEST_SOURCES_PAYMENTS_URL", "https://pay.example.com/api/payments")
                .containsEntry("INGEST_SOURCES_REFUNDS_AUTH_TYPE", "oauth2")
                .containsEntry("QUARKUS_REST_CLIENT_WAREHOUSE_URL", "http://warehouse-service:8082")
                .doesNotContainKey("INGEST_SOURCE_URL");
        assertThat(config.keySet()).noneMatch(k -> k.endsWith("_TOKEN") || k.endsWith("_SECRET"));
        // and ingest's container reads each source's secret from daily-etl-secrets, next to its own
        Map<String, Map<String, Object>> secretRefs = new HashMap<>();
        Map<String, Object> container = map(
                list(
                                Manifests.podSpec(object(rendered, "Deployment", "ingest-service"))
                                        .get("containers"),
                                "c")
                        .get(0),
                "ingest container");
        for (Object entry : list(container.get("env"), "ingest env")) {
            Map<String, Object> env = map(entry, "env");
            Object from = env.get("valueFrom");
            if (from != null) {
                secretRefs.put(
                        (String) env.get("name"), map(map(from, "valueFrom").get("secretKeyRef"), "secretKeyRef"));
            }
        }
        assertThat(secretRefs.get("INGEST_SOURCES_PAYMENTS_AUTH_TOKEN"))
                .containsEntry("name", "daily-etl-secrets")
                .containsEntry("key", "source-payments-token");
        assertThat(secretRefs.get("INGEST_SOURCES_REFUNDS_AUTH_CLIENT_SECRET"))
                .containsEntry("name", "daily-etl-secrets")
                .containsEntry("key", "source-refunds-client-secret");
        assertThat(secretRefs).containsKey("PIPELINE_WAREHOUSE_TOKEN");
        assertThat(List.copyOf(secretRefs.keySet())).allMatch(n -> !config.containsKey(n));
    }

    private static Map<String, Object> object(Manifests rendered, String kind, String name) {
        return rendered.objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(name(o)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + rendered));
    }
}
