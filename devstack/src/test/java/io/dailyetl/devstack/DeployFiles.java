package io.dailyetl.devstack;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reading the deployment files of the repository (docker-compose.yml, deploy/kubernetes/) for the tests that
 * check them: the repository root, YAML documents as plain maps and lists, and kustomizations rendered by the
 * real kustomize.
 */
final class DeployFiles {

    static final String SERVICES_NAMESPACE = "daily-etl";

    /** The services whose Kubernetes manifests quarkus-kubernetes generates (demo-source is not deployed). */
    static final List<String> GENERATED_SERVICES =
            List.of("warehouse-service", "ingest-service", "report-service", "console-service");

    /** The whole-system kustomization, from the repository root. */
    static final String KUBERNETES = "deploy/kubernetes";

    /** Where quarkus-kubernetes' manifests of the services are copied (deploy/kubernetes/regenerate). */
    static final String GENERATED = KUBERNETES + "/core/generated";

    /** The overlays: variants of the whole system, each a kustomization building on deploy/kubernetes/core. */
    static final String OVERLAYS = "deploy/kubernetes/overlays";
    /** The whole system plus its PrometheusRule and Grafana dashboard. */
    static final String MONITORING = "deploy/monitoring";

    private DeployFiles() {}

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
        try (Reader reader = Files.newBufferedReader(file)) {
            return loadAll(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Object> loadAll(Reader reader, String what) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Object> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(reader)) {
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }

    /** The single YAML document of the file, which must be a mapping. */
    static Map<String, Object> loadMap(Path file) {
        List<Object> docs = loadAll(file);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new IllegalStateException(
                    file + " should hold one YAML mapping, holds " + docs.size() + " documents");
        }
        return map(docs.get(0), file.toString());
    }

    /**
     * The resources {@code kubectl apply -k dir} would apply, as the real kustomize renders them: {@code kustomize
     * build dir} when that binary is on the PATH, else {@code kubectl kustomize dir}; the environment variable
     * PIPELINE_KUSTOMIZE, a command to which the directory is appended (e.g. {@code /opt/kubectl-1.20/kubectl
     * kustomize}), overrides both. Rendering reads only local files. Every document must be an object with a
     * kind: kustomize v2.0.3 leaves an empty one where a "$patch: delete" removed a resource.
     */
    static List<Map<String, Object>> renderKustomization(Path dir) {
        List<String> command = new ArrayList<>(kustomizeCommand());
        command.add(dir.toAbsolutePath().toString());
        String output;
        try {
            Path errors = Files.createTempFile("kustomize-", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectError(errors.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                byte[] stdout = process.getInputStream().readAllBytes();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in 2 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                            + process.exitValue() + ":\n" + Files.readString(errors)
                            + "\n(an overlay in " + OVERLAYS + "/ builds on ../../core: kustomize refuses one that "
                            + "builds on deploy/kubernetes from inside it)");
                }
                output = new String(stdout, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (Object doc : loadAll(new StringReader(output), dir.toString())) {
            Map<String, Object> object = map(doc, "a document kustomize rendered from " + dir);
            if (!(object.get("kind") instanceof String) || !(object.get("metadata") instanceof Map)) {
                throw new IllegalStateException(String.join(" ", command) + " rendered a document without kind or "
                        + "metadata (" + object + "): the kustomization uses something this kustomize does not "
                        + "implement");
            }
            rendered.add(object);
        }
        return rendered;
    }

    /** The kustomize to render with, as a command line without the directory; fails if there is none. */
    static List<String> kustomizeCommand() {
        String configured = System.getenv("PIPELINE_KUSTOMIZE");
        if (configured != null && !configured.isBlank()) {
            return List.of(configured.trim().split("\\s+"));
        }
        Optional<Path> kustomize = onPath("kustomize");
        if (kustomize.isPresent()) {
            return List.of(kustomize.get().toString(), "build");
        }
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) {
            return List.of(kubectl.get().toString(), "kustomize");
        }
        throw new IllegalStateException("neither kustomize nor kubectl is on the PATH: the Kubernetes manifests "
                + "are checked as kustomize renders them. Install one (.ci/run installs Debian's kubernetes-client "
                + "when neither is there), or set PIPELINE_KUSTOMIZE to a kustomize command");
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path candidate = Path.of(entry, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The kustomizations under deploy/kubernetes/overlays/, each a directory with a kustomization.yaml, and
     * deploy/monitoring (the whole system with its alert rules and dashboard, outside deploy/kubernetes because it
     * builds on all of it).
     */
    static List<Path> overlayDirs() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(repoRoot().resolve(MONITORING));
        for (String parent : List.of(OVERLAYS)) {
            Path folder = repoRoot().resolve(parent);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> children = Files.list(folder)) {
                children.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                        .sorted()
                        .forEach(dirs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dirs;
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
