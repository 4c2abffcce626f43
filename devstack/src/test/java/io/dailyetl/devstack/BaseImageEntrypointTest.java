package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian base image's entrypoint (deploy/images/base/run-java.sh) keeps the contract of UBI's that the services'
 * Dockerfiles rely on, run by a real shell with a stand-in {@code java} that prints what it was given.
 */
class BaseImageEntrypointTest {

    private static final Path SCRIPT = DeployFiles.repoRoot().resolve("deploy/images/base/run-java.sh");

    @TempDir
    Path dir;

    @Test
    void theJarRunsWithTheHeapRatioAndTheAppendedOptionsInTheAppDirectory() throws Exception {
        // given the environment a service's Dockerfile sets
        Map<String, String> env = Map.of(
                "JAVA_APP_JAR", "/deployments/quarkus-run.jar",
                "JAVA_MAX_MEM_RATIO", "50",
                "JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1 -Dquarkus.http.host=0.0.0.0");

        // when the entrypoint starts it
        Result r = run(env);

        // then java got the heap's share, its own defaults, the appended options and the jar, in that order
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output().lines().toList())
                .containsExactly(
                        "cwd=" + dir.toRealPath(),
                        "-XX:MaxRAMPercentage=50.0",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-XX:TieredStopAtLevel=1",
                        "-Dquarkus.http.host=0.0.0.0",
                        "-jar",
                        "/deployments/quarkus-run.jar");
    }

    @Test
    void javaOptsReplaceTheDefaultsAndTheRatioDefaultsToEightyPercent() throws Exception {
        assertThat(run(Map.of("JAVA_APP_JAR", "app.jar")).output()).contains("-XX:MaxRAMPercentage=80.0");
        Result replaced = run(Map.of("JAVA_APP_JAR", "app.jar", "JAVA_OPTS", "-Xmx64m"));
        assertThat(replaced.output()).contains("-Xmx64m").doesNotContain("MaxRAMPercentage");
    }

    @Test
    void withoutAJarItRefusesToStartSayingWhich() throws Exception {
        Result r = run(Map.of());

        assertThat(r.code()).isNotZero();
        assertThat(r.output()).contains("JAVA_APP_JAR");
    }

    private record Result(int code, String output) {}

    private Result run(Map<String, String> env) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"cwd=$(pwd -P)\"\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder(List.of("sh", SCRIPT.toString())).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("JAVA_APP_DIR", dir.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }
}
