package io.dailyetl.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The options of {@code ./pipeline bench}, read from {@code --name value} or {@code --name=value} arguments, and the
 * demo-source's fixed shape (pages of {@value #PAGE_SIZE}, {@value #USERS} users).
 */
record BenchOptions(int records, int repeat, String ingestXmx, int batchSize, int inFlight, boolean tiered,
        boolean fsyncOff, Path json) {

    static final int PAGE_SIZE = 1_000;
    static final int USERS = 20_000;

    static final String USAGE = """
            usage: ./pipeline bench [--no-build] [options]     (or bench/pipeline-run)
              --records N       demo-source records (default 1000000; pages of 1000, 20000 users)
              --repeat N        ingest runs, reference COPYs and weekly reports (default 3)
              --ingest-xmx SIZE ingest's -Xmx (default 128m)
              --batch-size N    ingest.batch-size: clean records per warehouse batch (default 1000)
              --in-flight N     ingest.load.in-flight: concurrent warehouse batches (default 2)
              --json FILE       where to write the results (default bench/results/pipeline-<N>.json)
              --tiered          the JVM's default tiered JIT (C1 + C2) instead of the services' C1 only
              --fsync-off       PostgreSQL without fsync, synchronous_commit and full-page writes (fast, NOT durable;
                                labelled so in the results); by default it is as durable as a stock PostgreSQL
              --no-build        skip the Maven build if the jars exist
            """;

    /** Reads the arguments; a bad one throws {@link IllegalArgumentException}, {@code --help} prints the usage. */
    static BenchOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String[] nameValue = args[i].split("=", 2);
            String option = nameValue[0];
            if (option.equals("-h") || option.equals("--help")) {
                System.out.println(USAGE);
                System.exit(0);
            } else if (option.equals("--tiered") || option.equals("--fsync-off") || option.equals("--no-build")) { // --no-build is the launcher's
                given.put(option, "");
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
        return new BenchOptions(positiveInt(given, "--records", 1_000_000), positiveInt(given, "--repeat", 3),
                ingestXmx, positiveInt(given, "--batch-size", 1_000), positiveInt(given, "--in-flight", 2),
                given.containsKey("--tiered"), given.containsKey("--fsync-off"), given.containsKey("--json") ? Path.of(given.get("--json")) : null);
    }

    private static int positiveInt(Map<String, String> given, String option, int fallback) {
        String value = given.getOrDefault(option, Integer.toString(fallback)).replace("_", "");
        if (!value.matches("0*[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException(option + ": expected a positive integer, got " + value);
        }
        return Integer.parseInt(value);
    }
}
