package io.dailyetl.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus service ({@code java <jvm options> -jar …/quarkus-run.jar}) run by a benchmark, the demo or a
 * system test as a child
 * process: its output goes to a log file, {@link #awaitReady} polls {@code /q/health/ready}, {@link #stop} ends it
 * (SIGTERM, then SIGKILL after 15 s). Also reads the child's memory and CPU from {@code /proc} (Linux).
 */
public final class ServiceProcess {

    private final String name;
    private final Process process;
    private final URI base;
    private final Path log;
    private final long startedNanos;

    private ServiceProcess(String name, Process process, URI base, Path log, long startedNanos) {
        this.name = name;
        this.process = process;
        this.base = base;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** The JVM options in environment variable {@code env}, split at whitespace; none when it is unset or null. */
    public static List<String> optionsFrom(String env) {
        String extra = env == null ? null : System.getenv(env);
        return extra == null || extra.isBlank()
                ? List.of()
                : List.of(extra.trim().split("\\s+"));
    }

    /**
     * Starts {@code java <jvmOptions> <extra options from the environment variable extraOptionsEnv> -jar jar} in
     * {@code root} with {@code env} added to the environment and its output (stdout and stderr) in {@code log},
     * and prints {@code "<name>: pid <pid> on <base>, log <log>"}.
     */
    public static ServiceProcess start(
            String name,
            Path root,
            Path jar,
            int port,
            List<String> jvmOptions,
            String extraOptionsEnv,
            Map<String, String> env,
            Path log)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(optionsFrom(extraOptionsEnv));
        command.addAll(List.of("-jar", jar.toString()));
        return startCommand(name, root, command, port, env, log);
    }

    /**
     * Starts {@code command} (a service run some other way than {@code java -jar}, e.g. {@code podman run} of its
     * image) in {@code root} with {@code env} added to its environment and its output in {@code log}; it answers on
     * {@code port}.
     */
    public static ServiceProcess startCommand(
            String name, Path root, List<String> command, int port, Map<String, String> env, Path log)
            throws IOException {
        URI base = URI.create("http://localhost:" + port);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process process = pb.start();
        System.out.printf(Locale.ROOT, "%s: pid %d on %s, log %s%n", name, process.pid(), base, root.relativize(log));
        return new ServiceProcess(name, process, base, log, t0);
    }

    /**
     * Polls {@code /q/health/ready} every 250 ms until it answers 200 (prints {@code "<name>: ready in N s"},
     * counted from the start), the process exits, or {@code timeout} (counted from the start) passes.
     */
    public void awaitReady(HttpClient http, Duration timeout) throws InterruptedException {
        long deadline = startedNanos + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the " + name + " exited with code " + process.exitValue()
                        + " before it was ready; last lines of " + log + ":\n" + tail(log, 30));
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                // the process's own health answer, not whatever else may have taken the port it was given
                if (r.statusCode() == 200
                        && r.body().contains("\"status\"")
                        && r.body().contains("UP")) {
                    System.out.printf(
                            Locale.ROOT, "%s: ready in %.1f s%n", name, (System.nanoTime() - startedNanos) / 1e9);
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the " + name + " was not ready within " + timeout.toSeconds() + " s (last: "
                + last + "); last lines of " + log + ":\n" + tail(log, 30));
    }

    /** Ends the process: SIGTERM, and SIGKILL if it has not exited after 15 s. Idempotent. */
    public void stop() {
        Process p = process;
        if (p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills the process at once (SIGKILL, as {@code kill -9}) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String name() {
        return name;
    }

    public URI base() {
        return base;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    // ---------------------------------------------------------------- /proc

    /** Resident set size now, in KiB ({@code VmRSS}), or -1 if unknown (the process is gone, not Linux). */
    public long rssKiB() {
        return Proc.statusKiB(pid(), "VmRSS");
    }

    /** Peak resident set size, in KiB ({@code VmHWM}), since the start or the last {@link #resetPeakRss}. */
    public long peakRssKiB() {
        return Proc.statusKiB(pid(), "VmHWM");
    }

    /** Resets {@code VmHWM} to the current RSS (writes 5 to {@code /proc/<pid>/clear_refs}); false if refused. */
    public boolean resetPeakRss() {
        return Proc.resetPeakRss(pid());
    }

    /** CPU time used so far (user + system), in seconds, or -1 if unknown. */
    public double cpuSeconds() {
        return Proc.cpuSeconds(pid(), false);
    }

    /** Starts measuring this process: resets its peak RSS and notes its CPU time; {@link Meter#read} answers the use since. */
    public Meter meter() {
        return new Meter(resetPeakRss(), cpuSeconds());
    }

    /**
     * What a process used since its {@link #meter()} began: peak RSS in MiB ({@code peakIsOwn} false when the reset was
     * refused, so the peak covers the process's whole life) and CPU seconds; -1 where unknown.
     */
    public record Usage(double peakRssMiB, boolean peakIsOwn, double cpuSeconds) {}

    /** A measurement of this process begun by {@link #meter()}. */
    public final class Meter {
        private final boolean peakReset;
        private final double cpuAtStart;

        private Meter(boolean peakReset, double cpuAtStart) {
            this.peakReset = peakReset;
            this.cpuAtStart = cpuAtStart;
        }

        public Usage read() {
            long peak = peakRssKiB();
            double cpu = cpuSeconds();
            return new Usage(
                    peak < 0 ? -1 : peak / 1024.0, peakReset, cpu < 0 || cpuAtStart < 0 ? -1 : cpu - cpuAtStart);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The repository's root: the nearest directory, from the working directory up, that holds {@code pipeline}. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pipeline"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "not inside the repository (no ./pipeline above " + Path.of("").toAbsolutePath() + ")");
    }

    /**
     * A module's packaged runner, {@code <root>/<module>/target/quarkus-app/quarkus-run.jar}; a clear error saying how
     * to build it when it is missing.
     */
    public static Path runnerJar(Path root, String module) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not packaged (" + jar + "): run ./mvnw -B verify from the "
                    + "repository root, or ./mvnw -B -pl " + module + " -am package -DskipTests first");
        }
        return jar;
    }

    /** Ports this JVM has handed out: the kernel may offer a just-closed port again before its taker binds it. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A TCP port that was free a moment ago and that this JVM has not handed out before. */
    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    /** The last {@code lines} lines of a text file. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Readers of {@code /proc/<pid>/…} (Linux); every method answers -1 / false rather than throw. */
    public static final class Proc {

        private static final double TICKS_PER_SECOND = clockTicks();

        private Proc() {}

        public static long statusKiB(long pid, String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith(field + ":")) {
                        String[] parts =
                                line.substring(field.length() + 1).trim().split("\\s+");
                        return Long.parseLong(parts[0]); // "kB"
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone, or not Linux
            }
            return -1;
        }

        public static boolean resetPeakRss(long pid) {
            try {
                Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        /**
         * utime + stime of a process from {@code /proc/<pid>/stat}, in seconds; with {@code withChildren} also
         * cutime + cstime (its reaped children). -1 if unknown.
         */
        public static double cpuSeconds(long pid, boolean withChildren) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // the command name (field 2) is in parentheses and may contain spaces: split after the last ')'
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                // f[0] is field 3 (state); utime, stime, cutime, cstime are fields 14-17
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                if (withChildren) {
                    ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                }
                return ticks / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
        public static String loadavg() {
            try {
                String[] parts =
                        Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return parts[0] + " " + parts[1] + " " + parts[2];
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }

        /** {@code getconf CLK_TCK}, 100 on every common Linux. */
        private static double clockTicks() {
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK")
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Double.parseDouble(out);
                }
            } catch (IOException | RuntimeException e) {
                // fall back
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 100;
        }
    }
}
