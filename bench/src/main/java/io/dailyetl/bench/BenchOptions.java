package io.dailyetl.bench;

import io.dailyetl.testing.PostgresSettings;
import io.dailyetl.testing.TestDatabase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of {@code ./pipeline bench}, read from {@code --name value} or {@code --name=value} arguments, and the
 * demo-source's fixed shape (pages of {@value #PAGE_SIZE}, {@value #USERS} users).
 */
record BenchOptions(
        int records,
        int repeat,
        String ingestXmx,
        int batchSize,
        int inFlight,
        boolean tiered,
        boolean fsyncOff,
        boolean pgStock,
        Map<String, String> pg,
        Path json,
        boolean coldStandIns) {

    static final int PAGE_SIZE = 1_000;
    static final int USERS = 20_000;

    static final String USAGE = """
            usage: ./pipeline bench [--no-build] [options]     (or bench/pipeline-run)
              --records N       demo-source records (default 1000000; pages of 1000, 20000 users)
              --repeat N        ingest runs, reference COPYs and weekly reports (default 3)
              --ingest-xmx SIZE ingest's -Xmx (default 128m)
              --batch-size N    ingest.batch-size: clean records per warehouse batch (default 20000, as ingest's)
              --in-flight N     ingest.load.in-flight: concurrent warehouse batches (default 2)
              --json FILE       where to write the results (default bench/results/pipeline-<N>.json)
              --tiered          the JVM's default tiered JIT (C1 + C2) instead of the services' C1 only
              --fsync-off       PostgreSQL without fsync, synchronous_commit and full-page writes (fast, NOT durable;
                                labelled so in the results); by default it is as durable as a stock PostgreSQL
              --pg-stock        PostgreSQL without the settings of deploy/postgres/recommended.conf (which it has by
                                default, as Compose and Kubernetes run it)
              --pg NAME=VALUE   one more PostgreSQL setting, on top of the others (repeatable)
              --cold-stand-ins  do not warm demo-source and the SMTP sink before timing (they stand in for a source
                                API and a mail server that have been running for months; by default they are warmed)
              --no-build        skip the Maven build if the jars exist
            """;

    /** Reads the arguments; a bad one throws {@link IllegalArgumentException}, {@code --help} prints the usage. */
    static BenchOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        Map<String, String> pg = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String[] nameValue = args[i].split("=", 2);
            String option = nameValue[0];
            if (option.equals("-h") || option.equals("--help")) {
                System.out.println(USAGE);
                System.exit(0);
            } else if (option.equals("--tiered")
                    || option.equals("--fsync-off")
                    || option.equals("--pg-stock")
                    || option.equals("--cold-stand-ins")
                    || option.equals("--no-build")) { // --no-build is the launcher's
                given.put(option, "");
            } else if (option.equals("--pg")) {
                String setting = nameValue.length == 2 ? nameValue[1] : i + 1 < args.length ? args[++i] : "";
                String[] setNameValue = setting.split("=", 2);
                if (setNameValue.length != 2
                        || !setNameValue[0].matches("[a-z_][a-z0-9_.]*")
                        || setNameValue[1].isBlank()) {
                    throw new IllegalArgumentException(
                            "--pg: expected NAME=VALUE (a PostgreSQL setting), got " + setting);
                }
                pg.put(setNameValue[0], setNameValue[1]);
            } else if (!USAGE.contains("  " + option + " ") || !option.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            } else if (nameValue.length == 2 || i + 1 < args.length) {
                given.put(option, nameValue.length == 2 ? nameValue[1] : args[++i]);
            } else {
                throw new IllegalArgumentException(option + " needs a value");
            }
        }
        String ingestXmx = given.getOrDefault("--ingest-xmx", "128m");
        if (!ingestXmx.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new IllegalArgumentException("--ingest-xmx: expected a heap size like 128m or 1g, got " + ingestXmx);
        }
        return new BenchOptions(
                positiveInt(given, "--records", 1_000_000),
                positiveInt(given, "--repeat", 3),
                ingestXmx,
                positiveInt(given, "--batch-size", 20_000),
                positiveInt(given, "--in-flight", 2),
                given.containsKey("--tiered"),
                given.containsKey("--fsync-off"),
                given.containsKey("--pg-stock"),
                Map.copyOf(pg),
                given.containsKey("--json") ? Path.of(given.get("--json")) : null,
                given.containsKey("--cold-stand-ins"));
    }

    /**
     * The server settings the bench's PostgreSQL starts with, on top of the embedded server's own: durability (unless
     * {@code --fsync-off}), the recommended settings (unless {@code --pg-stock}), then each {@code --pg}.
     */
    Map<String, String> postgresSettings(Path repositoryRoot) {
        Map<String, String> settings = new LinkedHashMap<>(fsyncOff ? Map.of() : TestDatabase.DURABLE);
        if (!pgStock) {
            settings.putAll(PostgresSettings.recommended(repositoryRoot));
        }
        settings.putAll(pg);
        return settings;
    }

    /** What the PostgreSQL settings are, in a few words, for the results. */
    String postgresLabel() {
        return (fsyncOff ? "fsync OFF (NOT durable)" : "durable (fsync, synchronous_commit, full_page_writes on)")
                + (pgStock ? ", stock settings" : ", recommended settings (deploy/postgres/recommended.conf)")
                + (pg.isEmpty() ? "" : ", and " + pg);
    }

    private static int positiveInt(Map<String, String> given, String option, int fallback) {
        String value = given.getOrDefault(option, Integer.toString(fallback)).replace("_", "");
        if (!value.matches("0*[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException(option + ": expected a positive integer, got " + value);
        }
        return Integer.parseInt(value);
    }
}
