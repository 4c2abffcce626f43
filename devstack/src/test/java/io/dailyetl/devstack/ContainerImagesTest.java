package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The images as shipped: deploy/images/base/build-base makes the Debian base with UBI's contract, deploy/images/build
 * builds every service's image, pushes it to a local registry (Debian's docker-registry on loopback) and records its
 * digest; the test removes the local tags, pulls each image back by digest and runs the whole pipeline as containers,
 * each as uid 185 with a read-only root, /tmp a tmpfs, no capabilities and no new privileges, against PostgreSQL on
 * the host. An ingest run and the weekly report must end exact against the demo-source's truth. Containers, the
 * registry and the database are removed at the end, also when a test fails.
 */
class ContainerImagesTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 11, 16);
    private static final String PODMAN = "podman";
    private static final String BASE = "localhost/daily-etl/jre17-debian:test";
    private static final List<String> MODULES =
            List.of("demo-source", "warehouse-service", "ingest-service", "report-service", "console-service");

    private static Path work;
    private static Process registry;
    private static TestDatabase db;
    private static Stack stack;
    private static StackClient client;
    private static Stack.Containers containers;
    private static final Map<String, String> PULLED = new LinkedHashMap<>();

    @BeforeAll
    static void buildPushPullAndRunTheImages() throws Exception {
        Path root = ServiceProcess.repositoryRoot();
        work = root.resolve("devstack/target/containers");
        Files.createDirectories(work);
        // a registry of our own on loopback
        int port = ServiceProcess.freePort();
        Path config = work.resolve("registry.yml");
        Files.writeString(
                config,
                "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: " + work.resolve("registry")
                        + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        registry = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("registry.log").toFile())
                .start();
        // the base and the images, with the scripts a user runs
        run(List.of(root.resolve("deploy/images/base/build-base").toString(), "--tag", BASE), Duration.ofMinutes(10));
        String registryName = "127.0.0.1:" + port;
        Path out = work.resolve("images");
        run(
                List.of(
                        root.resolve("deploy/images/build").toString(),
                        "--registry",
                        registryName,
                        "--tls-verify=false",
                        "--base",
                        BASE,
                        "--no-package",
                        "--out",
                        out.toString()),
                Duration.ofMinutes(10));
        // pulled back by digest, after the local tags are gone
        for (String line : Files.readAllLines(out.resolve("images.tsv")).subList(1, 6)) {
            String[] cells = line.split("\t");
            String service = cells[0];
            String tag = cells[1];
            String digest = cells[2];
            assertThat(digest).matches("sha256:[0-9a-f]{64}");
            assertThat(out.resolve(service + ".bom.json")).isNotEmptyFile();
            String repository = tag.substring(0, tag.lastIndexOf(':'));
            run(
                    List.of(
                            PODMAN,
                            "rmi",
                            "-f",
                            tag,
                            repository + ":"
                                    + tag.substring(tag.lastIndexOf(':') + 1)
                                            .replaceAll("-[0-9a-f]{12}(-dirty)?$", "")),
                    Duration.ofMinutes(1));
            String byDigest = repository + "@" + digest;
            run(List.of(PODMAN, "pull", "-q", "--tls-verify=false", byDigest), Duration.ofMinutes(5));
            PULLED.put(service, byDigest);
        }
        long nofile = hardLimit("Max open files");
        containers = new Stack.Containers(
                PODMAN,
                "daily-etl-it",
                PULLED,
                List.of(
                        "--runtime",
                        "runc",
                        "--network",
                        "host",
                        "--ulimit",
                        "nofile=" + nofile + ":" + nofile,
                        "--ulimit",
                        "nproc=4096:4096",
                        "--user",
                        "185",
                        "--read-only",
                        "--tmpfs",
                        "/tmp",
                        "--cap-drop",
                        "all",
                        "--security-opt",
                        "no-new-privileges"));
        db = TestDatabase.startEmbedded(0);
        stack = Stack.start(
                new Stack.Options(root, work.resolve("stack"), false, "containers-token", 3000, 100, db.login())
                        .withContainers(containers),
                message -> System.out.println("[containers] " + message));
        client = new StackClient(stack);
    }

    @AfterAll
    static void removeEverything() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (registry != null) {
            registry.destroy();
            registry.waitFor(10, TimeUnit.SECONDS);
        }
        if (db != null) {
            db.close();
        }
        List<String> left =
                lines(List.of(PODMAN, "ps", "-a", "--filter", "name=daily-etl-it", "--format", "{{.Names}}"));
        assertThat(left).as("containers left behind").isEmpty();
    }

    @Test
    void anIngestRunAndTheWeeklyReportThroughContainersAreExact() throws Exception {
        // when the demo data is ingested through the containers
        JsonNode run = client.runIngest(Duration.ofMinutes(5));

        // then the counts are the demo-source's own
        assertThat(StackClient.runProblems(run, client.demo("/api/expected/counts")))
                .as("run %s", run)
                .isEmpty();

        // and the weekly report's CSV is exactly the demo-source's truth
        String to = "containers@example.com";
        client.weeklyReport(WEEK.plusDays(7), List.of(to), true);
        MimeMessage mail = null;
        for (MimeMessage m : stack.smtp().getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equalsIgnoreCase(to)) {
                mail = m;
            }
        }
        assertThat(mail).as("the report's mail").isNotNull();
        JsonNode spend = client.demo(
                "/api/expected/user-spend?from=" + WEEK + "&to=" + WEEK.plusDays(7) + "&status=active&zone=UTC");
        assertThat(StackClient.csvRecords(StackClient.csvAttachment(mail)))
                .containsExactlyElementsOf(StackClient.expectedCsv(spend));
    }

    @Test
    void everyContainerRunsAsUser185WithNoCapabilitiesAndWritesOnlyToTmp() throws Exception {
        for (String module : MODULES) {
            String name = containers.name(module);
            // read from inside the running container
            List<String> seen = lines(List.of(
                    PODMAN,
                    "exec",
                    name,
                    "sh",
                    "-c",
                    "id -u; grep -E '^Cap(Prm|Eff|Bnd):' /proc/self/status; "
                            + "touch /deployments/x 2>&1 || true; touch /x 2>&1 || true; "
                            + "touch /tmp/probe && echo tmp-writable"));
            assertThat(seen.get(0)).as("%s's user", module).isEqualTo("185");
            assertThat(seen.subList(1, 4))
                    .as("%s's capabilities", module)
                    .allSatisfy(l -> assertThat(l).endsWith("0000000000000000"));
            assertThat(String.join("\n", seen))
                    .as("%s's file system", module)
                    .contains("/deployments/x': Read-only file system")
                    .contains("/x': Read-only file system")
                    .contains("tmp-writable");
            // and it was started from the image pulled by digest
            assertThat(lines(List.of(PODMAN, "inspect", "--format", "{{.ImageName}}", name)))
                    .containsExactly(PULLED.get(module));
        }
    }

    private static long hardLimit(String which) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith(which)) {
                String[] cells = line.substring(which.length()).trim().split("\\s+");
                return Long.parseLong(cells[1]);
            }
        }
        throw new IllegalStateException("no " + which + " in /proc/self/limits");
    }

    private static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "command-", ".log");
        Process p = new ProcessBuilder(command)
                .directory(ServiceProcess.repositoryRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not end within " + timeout + ":\n" + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    command + " failed with exit code " + p.exitValue() + ":\n" + Files.readString(log));
        }
    }

    private static List<String> lines(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        List<String> lines = new ArrayList<>(out.lines().toList());
        return lines;
    }
}
