package io.dailyetl.devstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.dailyetl.testing.DatabaseLogin;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole system on one machine: PostgreSQL (embedded, or the one named by {@code PIPELINE_DB_URL}), an SMTP
 * sink, the demo-source, the three packaged services and the console, each its own process talking real HTTP. Used by
 * {@code ./pipeline demo | up} and by the end-to-end test. {@link #close()} stops everything it started.
 */
public final class Stack implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Where the stack runs and how big its demo data is; {@code db} is the PostgreSQL to use (null: an embedded one,
     * with an owner and a runtime role as in production); {@code services} tunes single services by module name
     * (JVM options, extra environment); a module not named there gets {@link Service#DEFAULT}.
     */
    public record Options(
            Path root,
            Path work,
            boolean standardPorts,
            String token,
            int records,
            int pageSize,
            DatabaseLogin db,
            Map<String, Service> services,
            boolean providers,
            Containers containers) {

        public Options {
            services = Map.copyOf(services);
        }

        /** Each service as a process of its own ({@code java -jar}), not a container. */
        public Options(
                Path root,
                Path work,
                boolean standardPorts,
                String token,
                int records,
                int pageSize,
                DatabaseLogin db,
                Map<String, Service> services,
                boolean providers) {
            this(root, work, standardPorts, token, records, pageSize, db, services, providers, null);
        }

        /** One source (the demo-source's {@code /api/transactions}), each service as {@code services} says. */
        public Options(
                Path root,
                Path work,
                boolean standardPorts,
                String token,
                int records,
                int pageSize,
                DatabaseLogin db,
                Map<String, Service> services) {
            this(root, work, standardPorts, token, records, pageSize, db, services, false);
        }

        /** Every service with {@link Service#DEFAULT}. */
        public Options(
                Path root,
                Path work,
                boolean standardPorts,
                String token,
                int records,
                int pageSize,
                DatabaseLogin db) {
            this(root, work, standardPorts, token, records, pageSize, db, Map.of());
        }

        /**
         * The demo's defaults: standard ports, 10,000 demo records, PostgreSQL from PIPELINE_DB_* (its one user for
         * everything) or embedded, and report-service mailing the warehouse's notifications (a failed run, a warning,
         * a recovery) to the sink as {@code oncall@daily-etl.local}, polling every 2 s.
         */
        public static Options demo(Path root) {
            String url = System.getenv("PIPELINE_DB_URL");
            return new Options(
                            root,
                            root.resolve(".pipeline"),
                            true,
                            "demo-pipeline-token",
                            10_000,
                            100,
                            url == null || url.isBlank()
                                    ? null
                                    : DatabaseLogin.single(
                                            url, env("PIPELINE_DB_USER", "postgres"), env("PIPELINE_DB_PASSWORD", "")))
                    .with(
                            "report-service",
                            new Service(
                                    Service.DEFAULT.jvmOptions(),
                                    unlessSet(Map.of(
                                            "REPORT_NOTIFY_EMAIL_TO", "oncall@daily-etl.local",
                                            "REPORT_NOTIFY_POLL_EVERY", "2s"))));
        }

        /** Those of {@code settings} the environment does not set itself (a person's own setting wins). */
        private static Map<String, String> unlessSet(Map<String, String> settings) {
            Map<String, String> kept = new HashMap<>(settings);
            kept.keySet().removeIf(k -> System.getenv(k) != null);
            return kept;
        }

        /** These options with {@code module} (e.g. {@code "ingest-service"}) started with {@code service}. */
        public Options with(String module, Service service) {
            Map<String, Service> all = new HashMap<>(services);
            all.put(module, service);
            return new Options(root, work, standardPorts, token, records, pageSize, db, all, providers, containers);
        }

        /**
         * These options, with ingest pulling the demo-source's three providers ({@link #PROVIDERS}: acme, globex,
         * initech, each shaped and authenticated its own way, {@code records} records each) as three sources instead
         * of its single source.
         */
        public Options withProviders() {
            return new Options(root, work, standardPorts, token, records, pageSize, db, services, true, containers);
        }

        Service service(String module) {
            return services.getOrDefault(module, "ingest-service".equals(module) ? Service.INGEST : Service.DEFAULT);
        }

        /** These options with the services of {@code containers} run as containers of their images. */
        public Options withContainers(Containers containers) {
            return new Options(
                    root, work, standardPorts, token, records, pageSize, db, services, providers, containers);
        }
    }

    /**
     * Services run as containers: {@code podman run} of each module's image in {@code images}, with {@code runOptions}
     * (the user, the read-only root, the capabilities …), on the host's network so that each answers on its port
     * as a process would. The service's JVM options go to the image's entrypoint as {@code JAVA_OPTS}, its environment
     * by name ({@code -e NAME}, the values from podman's own environment, so no secret is on a command line). Each
     * container is named {@code <prefix>-<module>}; {@link Stack#close} removes them all.
     */
    public record Containers(String podman, String prefix, Map<String, String> images, List<String> runOptions) {

        public Containers {
            images = Map.copyOf(images);
            runOptions = List.copyOf(runOptions);
        }

        /** The name of {@code module}'s container. */
        public String name(String module) {
            return prefix + "-" + module;
        }
    }

    /**
     * How one service is started: its JVM options, and environment added to (and overriding) what the stack sets
     * for it, except the tokens ({@code PIPELINE_API_TOKEN} and the role tokens) and {@code QUARKUS_HTTP_PORT}, which the
     * stack always sets.
     */
    public record Service(List<String> jvmOptions, Map<String, String> env) {

        /**
         * The JIT setting of every service, as in the images: C1 only. A run is seconds of work a day on a core or
         * two, where C2's compilations cost more CPU than their faster code gives back (README, Performance).
         */
        public static final String JIT = "-XX:TieredStopAtLevel=1";

        /**
         * Ingest's garbage collector, as in its image: the parallel collector. With G1, ingest's batch bodies of a few
         * MiB (humongous objects in a 128 MiB heap) sometimes sent G1 into back-to-back concurrent marking for the
         * whole life of the process: 60 % more CPU per run, in one start out of three (docs/performance.md).
         */
        public static final String INGEST_GC = "-XX:+UseParallelGC";

        /** What ingest gets unless told otherwise: {@link #DEFAULT}'s options and {@link #INGEST_GC}. */
        public static final Service INGEST = new Service(List.of("-Xmx256m", JIT, INGEST_GC), Map.of());

        /** What every service gets unless told otherwise: {@code -Xmx256m}, {@link #JIT}, no extra environment. */
        public static final Service DEFAULT = new Service(List.of("-Xmx256m", JIT), Map.of());

        public Service {
            jvmOptions = List.copyOf(jvmOptions);
            env = Map.copyOf(env);
        }
    }

    private final Options options;
    private final Consumer<String> progress;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServiceProcess> processes = new ArrayList<>();
    /** How each service was launched (port, environment), so a killed one can be started again the same way. */
    private final Map<String, Map.Entry<Integer, Map<String, String>>> launches = new HashMap<>();

    private TestDatabase embedded;
    private GreenMail smtp;
    private int smtpPort;
    private ServiceProcess demo;
    private ServiceProcess warehouse;
    private ServiceProcess ingest;
    private ServiceProcess report;
    private ServiceProcess console;
    /** The console's two users' passwords, made afresh for each stack (printed by {@code ./pipeline up}). */
    private final Map<String, String> consolePasswords = Map.of("viewer", secret(8), "operator", secret(8));

    private String currentStep = "starting";

    private Stack(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Starts everything, step by step; on failure stops what it started and throws {@link StepFailed}. */
    public static Stack start(Options options, Consumer<String> progress) {
        Stack stack = new Stack(options, progress);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        try {
            Files.createDirectories(options.work().resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DatabaseLogin db;
        step("PostgreSQL");
        if (options.db() != null) {
            db = options.db();
            progress.accept("using PostgreSQL at " + db.jdbcUrl());
        } else {
            embedded = TestDatabase.startEmbedded(0);
            db = embedded.login();
            progress.accept("embedded PostgreSQL at " + db.jdbcUrl() + " (schema owner " + db.ownerUser()
                    + ", warehouse as " + db.appUser() + ")");
        }

        step("SMTP sink");
        smtpPort = port(2525);
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        progress.accept("SMTP sink on 127.0.0.1:" + smtpPort + " (mails are saved under " + mailDir() + ")");

        step("demo-source");
        Map<String, String> demoEnv = new HashMap<>(Map.of(
                "DEMO_RECORDS", Integer.toString(options.records()),
                "DEMO_PAGE_SIZE", Integer.toString(options.pageSize())));
        if (options.providers()) {
            for (String provider : PROVIDERS) {
                String prefix = "DEMO_PROVIDERS_" + provider.toUpperCase(Locale.ROOT) + "_";
                demoEnv.put(prefix + "RECORDS", Integer.toString(options.records()));
                demoEnv.put(prefix + "PAGE_SIZE", Integer.toString(options.pageSize()));
            }
        }
        demo = launch("demo-source", port(8090), demoEnv);

        step("warehouse-service");
        warehouse = launch("warehouse-service", port(8082), db.warehouseEnv());

        step("ingest-service");
        Map<String, String> ingestEnv = new HashMap<>();
        ingestEnv.put("QUARKUS_REST_CLIENT_WAREHOUSE_URL", warehouse.base().toString());
        ingestEnv.put("INGEST_SCHEDULE_CRON", "off");
        if (options.providers()) {
            ingestEnv.putAll(providerSources(demo.base()));
            ingestEnv.put("INGEST_RUN_MAX_CONCURRENT", Integer.toString(PROVIDERS.size()));
        } else {
            ingestEnv.put(
                    "INGEST_SOURCE_URL",
                    demo.base().resolve("/api/transactions").toString());
        }
        ingest = launch("ingest-service", port(8081), ingestEnv);

        step("report-service");
        report = launch(
                "report-service",
                port(8083),
                Map.of(
                        "QUARKUS_REST_CLIENT_WAREHOUSE_URL", warehouse.base().toString(),
                        "QUARKUS_MAILER_HOST", "127.0.0.1",
                        "QUARKUS_MAILER_PORT", Integer.toString(smtpPort),
                        "QUARKUS_MAILER_START_TLS", "DISABLED",
                        "REPORT_MAIL_TO", "demo@daily-etl.local",
                        "REPORT_MAIL_ALLOWED_RECIPIENTS", "@daily-etl.local,@example.com",
                        "REPORT_SCHEDULE_CRON", "off"));

        step("console-service");
        console = launch(
                "console-service",
                port(8084),
                Map.of(
                        "QUARKUS_REST_CLIENT_WAREHOUSE_URL", warehouse.base().toString(),
                        "QUARKUS_REST_CLIENT_INGEST_URL", ingest.base().toString(),
                        "QUARKUS_REST_CLIENT_REPORT_URL", report.base().toString(),
                        "CONSOLE_USERS_VIEWER_PASSWORD", consolePasswords.get("viewer"),
                        "CONSOLE_USERS_OPERATOR_PASSWORD", consolePasswords.get("operator"),
                        "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY", secret(32),
                        // the local stack speaks plain HTTP, where a Secure cookie would not come back from every
                        // client (java.net's cookie store, curl); a deployment behind TLS keeps the default, true
                        "CONSOLE_SECURE_COOKIE", "false"));
        for (ServiceProcess p : List.of(demo, warehouse, ingest, report, console)) {
            currentStep = "waiting for " + p.name();
            try {
                p.awaitReady(http, Duration.ofSeconds(120));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailed(currentStep, "interrupted", p);
            } catch (IllegalStateException e) {
                throw new StepFailed(currentStep, e.getMessage(), p);
            }
        }
        currentStep = "running";
    }

    /** Kills a service at once ({@code kill -9}); {@link #restart} starts it again. */
    public void kill(String module) {
        process(module).kill();
    }

    /** Starts a killed (or stopped) service again, on the same port with the same settings, and waits until it is ready. */
    public ServiceProcess restart(String module) throws InterruptedException {
        return restart(module, Map.of());
    }

    /**
     * Starts a service again on the same port with its settings plus {@code overrides} (for this start only: a later
     * {@link #restart(String)} goes back to its own settings), and waits until it is ready.
     */
    public ServiceProcess restart(String module, Map<String, String> overrides) throws InterruptedException {
        return restart(module, overrides, List.of());
    }

    /** As {@link #restart(String, Map)}, with JVM options added after the service's own (so {@code -Xmx} here wins). */
    public ServiceProcess restart(String module, Map<String, String> overrides, List<String> jvmOptions)
            throws InterruptedException {
        ServiceProcess old = process(module);
        if (old != null && old.isAlive()) {
            old.stop();
        }
        processes.remove(old);
        Map.Entry<Integer, Map<String, String>> how = launches.get(module);
        ServiceProcess p = launch(module, how.getKey(), how.getValue(), jvmOptions, overrides);
        launches.put(module, how);
        switch (module) {
            case "warehouse-service" -> warehouse = p;
            case "ingest-service" -> ingest = p;
            case "report-service" -> report = p;
            case "console-service" -> console = p;
            case "demo-source" -> demo = p;
            default -> throw new IllegalArgumentException(module);
        }
        p.awaitReady(http, Duration.ofSeconds(120));
        return p;
    }

    private ServiceProcess launch(String module, int port, Map<String, String> env) {
        return launch(module, port, env, List.of(), Map.of());
    }

    /** {@code overrides} win over the stack's and the service's own environment (for one restart). */
    private ServiceProcess launch(
            String module,
            int port,
            Map<String, String> env,
            List<String> extraJvmOptions,
            Map<String, String> overrides) {
        boolean again = launches.containsKey(module);
        launches.put(module, Map.entry(port, Map.copyOf(env)));
        Path jar;
        try {
            jar = ServiceProcess.runnerJar(options.root(), module);
        } catch (IllegalStateException e) {
            throw new StepFailed(currentStep, e.getMessage(), null);
        }
        Service service = options.service(module);
        Map<String, String> all = new HashMap<>(env);
        all.putAll(service.env());
        all.putAll(overrides);
        all.putIfAbsent("QUARKUS_SWAGGER_UI_ENABLED", "true"); // the local stack is for trying the APIs
        // logs to read, not to ship: plain text unless asked otherwise
        if (System.getenv("QUARKUS_LOG_CONSOLE_JSON_ENABLED") == null) {
            all.putIfAbsent("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        }
        // least privilege as in a real deployment: ingest holds a loader token, report a reader token, the console
        // reads with a reader token of its own (the only one ingest and report accept) and acts with the operator
        // token only for its operator; only the stack's own token (what people and the tests use) is an operator
        // token
        switch (module) {
            case "warehouse-service" -> {
                all.put("PIPELINE_API_TOKEN", options.token());
                all.put("PIPELINE_TOKENS_LOADER", loaderToken());
                all.put("PIPELINE_TOKENS_READER", readerToken() + "," + consoleReaderToken());
            }
            case "ingest-service" -> {
                all.put("PIPELINE_API_TOKEN", options.token());
                all.put("PIPELINE_TOKENS_READER", consoleReaderToken());
                all.put("PIPELINE_WAREHOUSE_TOKEN", loaderToken());
            }
            case "report-service" -> {
                all.put("PIPELINE_API_TOKEN", options.token());
                all.put("PIPELINE_TOKENS_READER", consoleReaderToken());
                all.put("PIPELINE_WAREHOUSE_TOKEN", readerToken());
            }
            case "console-service" -> {
                all.put("PIPELINE_WAREHOUSE_TOKEN", consoleReaderToken());
                all.put("CONSOLE_OPERATOR_TOKEN", options.token());
            }
            default -> all.put("PIPELINE_API_TOKEN", options.token());
        }
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        try {
            List<String> jvm = new ArrayList<>(service.jvmOptions());
            jvm.addAll(extraJvmOptions);
            Path log = options.work()
                    .resolve("logs")
                    .resolve(module + (again ? "-" + System.currentTimeMillis() : "") + ".log");
            Containers containers = options.containers();
            ServiceProcess p;
            if (containers != null && containers.images().containsKey(module)) {
                all.put("JAVA_OPTS", String.join(" ", jvm));
                String name = containers.name(module);
                removeContainer(containers, name); // a leftover of an earlier start (a kill leaves it)
                List<String> command = new ArrayList<>(List.of(containers.podman(), "run", "--rm", "--name", name));
                command.addAll(containers.runOptions());
                for (String key : new java.util.TreeSet<>(all.keySet())) {
                    command.add("-e");
                    command.add(key);
                }
                command.add(containers.images().get(module));
                p = ServiceProcess.startCommand(module, options.root(), command, port, all, log);
            } else {
                p = ServiceProcess.start(module, options.root(), jar, port, jvm, null, all, log);
            }
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new StepFailed(currentStep, "could not start " + module + ": " + e.getMessage(), null);
        }
    }

    private int port(int standard) {
        if (options.standardPorts()) {
            return standard;
        }
        try {
            return ServiceProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void step(String name) {
        currentStep = "start " + name;
        progress.accept("starting " + name);
    }

    /**
     * The demo-source's providers ({@code demo.providers.*} in its application.properties), in the order the demo
     * runs them; ingest pulls each as a source of the same name.
     */
    public static final List<String> PROVIDERS = List.of("acme", "globex", "initech");

    /**
     * Ingest's configuration for the three providers: each one's URL, pagination, field names and authentication,
     * as a user would write it for three real APIs (their secrets are the demo-source's own demo values).
     */
    static Map<String, String> providerSources(URI demo) {
        Map<String, String> env = new LinkedHashMap<>();
        String providers = demo.resolve("/providers/").toString();
        // acme: the usual field names, page numbers, a bearer token
        env.put("INGEST_SOURCES_ACME_URL", providers + "acme/transactions");
        env.put("INGEST_SOURCES_ACME_PAGINATION", "page");
        env.put("INGEST_SOURCES_ACME_AUTH_TYPE", "bearer");
        env.put("INGEST_SOURCES_ACME_AUTH_TOKEN", "demo-acme-token");
        env.put("INGEST_SOURCES_ACME_SCHEDULE", "off");
        // globex: a cursor, records under data.items, its own field names, an API key in a header
        env.put("INGEST_SOURCES_GLOBEX_URL", providers + "globex/transactions/cursor");
        env.put("INGEST_SOURCES_GLOBEX_PAGINATION", "cursor");
        env.put("INGEST_SOURCES_GLOBEX_RECORDS_PATH", "data.items");
        env.put("INGEST_SOURCES_GLOBEX_FIELDS_ID", "txn_id");
        env.put("INGEST_SOURCES_GLOBEX_FIELDS_USER_ID", "customer");
        env.put("INGEST_SOURCES_GLOBEX_FIELDS_AMOUNT", "total");
        env.put("INGEST_SOURCES_GLOBEX_FIELDS_STATUS", "state");
        env.put("INGEST_SOURCES_GLOBEX_FIELDS_CREATED_AT", "booked_at");
        env.put("INGEST_SOURCES_GLOBEX_AUTH_TYPE", "api-key");
        env.put("INGEST_SOURCES_GLOBEX_AUTH_HEADER", "X-Api-Key");
        env.put("INGEST_SOURCES_GLOBEX_AUTH_API_KEY", "demo-globex-key");
        env.put("INGEST_SOURCES_GLOBEX_SCHEDULE", "off");
        // initech: a Link header, a top-level array, other field names, OAuth2 client credentials
        env.put("INGEST_SOURCES_INITECH_URL", providers + "initech/transactions/linked");
        env.put("INGEST_SOURCES_INITECH_PAGINATION", "link-header");
        env.put("INGEST_SOURCES_INITECH_FIELDS_ID", "reference");
        env.put("INGEST_SOURCES_INITECH_FIELDS_USER_ID", "account");
        env.put("INGEST_SOURCES_INITECH_FIELDS_AMOUNT", "value");
        env.put("INGEST_SOURCES_INITECH_FIELDS_CREATED_AT", "timestamp");
        env.put("INGEST_SOURCES_INITECH_AUTH_TYPE", "oauth2");
        env.put("INGEST_SOURCES_INITECH_AUTH_TOKEN_URL", providers + "initech/oauth/token");
        env.put("INGEST_SOURCES_INITECH_AUTH_CLIENT_ID", "daily-etl");
        env.put("INGEST_SOURCES_INITECH_AUTH_CLIENT_SECRET", "demo-initech-secret");
        env.put("INGEST_SOURCES_INITECH_SCHEDULE", "off");
        return env;
    }

    /** What the stack was started with. */
    public Options options() {
        return options;
    }

    public URI demoSource() {
        return demo.base();
    }

    public URI warehouse() {
        return warehouse.base();
    }

    public URI ingest() {
        return ingest.base();
    }

    public URI report() {
        return report.base();
    }

    /** The console: its pages, for people who log in as {@code viewer} or {@code operator}. */
    public URI console() {
        return console.base();
    }

    /** The console's users and their passwords, made for this stack: {@code viewer} and {@code operator}. */
    public Map<String, String> consolePasswords() {
        return consolePasswords;
    }

    public String token() {
        return options.token();
    }

    /** The token ingest sends to the warehouse: role {@code loader}. */
    public String loaderToken() {
        return options.token() + "-loader";
    }

    /** The token report sends to the warehouse: role {@code reader}. */
    public String readerToken() {
        return options.token() + "-reader";
    }

    /**
     * The token the console reads with: a reader at the warehouse, and the one reader token ingest and report accept
     * (report's own reader token cannot read report's API).
     */
    public String consoleReaderToken() {
        return options.token() + "-console-reader";
    }

    public GreenMail smtp() {
        return smtp;
    }

    /** Starts a new, empty SMTP sink on the same port (after {@code smtp().stop()}, as SMTP coming back). */
    public GreenMail restartSmtp() {
        smtp.stop();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    public Path mailDir() {
        return options.work().resolve("mail");
    }

    public Path work() {
        return options.work();
    }

    /** The repository the stack runs from. */
    public Path root() {
        return options.root();
    }

    /** The process of a service, for its log when a step fails. */
    public ServiceProcess process(String module) {
        return processes.stream()
                .filter(p -> p.name().equals(module))
                .findFirst()
                .orElse(null);
    }

    /** The last {@code lines} lines of each named service's log, each under a heading, for a failure message. */
    public String logTails(int lines, String... modules) {
        StringBuilder sb = new StringBuilder();
        for (String module : modules) {
            ServiceProcess p = process(module);
            if (p != null) {
                Path log = p.log().startsWith(options.root()) ? options.root().relativize(p.log()) : p.log();
                sb.append("\nlast lines of ").append(log).append(":\n").append(ServiceProcess.tail(p.log(), lines));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
        Containers containers = options.containers();
        if (containers != null) {
            for (String module : containers.images().keySet()) {
                removeContainer(containers, containers.name(module));
            }
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    /** {@code podman rm -f name}: gone whether it ran, was killed or never started. */
    private static void removeContainer(Containers containers, String name) {
        try {
            Process rm = new ProcessBuilder(containers.podman(), "rm", "-f", "-i", name)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!rm.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                rm.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + containers.podman() + " rm -f " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code bytes} random bytes in hex: a password or a key of this stack only. */
    private static String secret(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /** A step of the stack failed: which, why, and the service whose log tells more (may be null). */
    public static final class StepFailed extends RuntimeException {
        private final String step;
        private final transient ServiceProcess service;

        public StepFailed(String step, String message, ServiceProcess service) {
            super(message);
            this.step = step;
            this.service = service;
        }

        public String step() {
            return step;
        }

        public ServiceProcess service() {
            return service;
        }
    }
}
