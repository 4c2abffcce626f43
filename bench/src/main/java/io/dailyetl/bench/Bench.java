package io.dailyetl.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the benchmarks share: option parsing, the token they run the services with, JSON fields, the machine line. */
final class Bench {

    static final String TOKEN = "bench-token";
    private static final JsonFactory JSON = new JsonFactory();

    private Bench() {
    }

    /**
     * Reads a benchmark's options ({@code --name value} or {@code --name=value}) one at a time; what every
     * benchmark accepts ({@code --no-build} for its launcher, {@code -h}/{@code --help}, unknown options) is
     * answered by {@link #common()}.
     */
    static final class Args {
        private final String[] args;
        private final java.util.function.Supplier<String> usage;
        private int i = -1;
        private String option;
        private String inline;

        Args(String[] args, java.util.function.Supplier<String> usage) {
            this.args = args;
            this.usage = usage;
        }

        /** Moves to the next option; false at the end. */
        boolean next() {
            if (++i >= args.length) {
                return false;
            }
            option = args[i];
            inline = null;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                inline = option.substring(eq + 1);
                option = option.substring(0, eq);
            }
            return true;
        }

        String option() {
            return option;
        }

        /** The option's value: after '=' or the next argument. */
        String value() {
            if (inline != null) {
                return inline;
            }
            if (++i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        int positiveInt() {
            String v = value();
            try {
                int n = Integer.parseInt(v.replace("_", ""));
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException(option + ": expected a positive integer, got " + v);
        }

        /** A JVM heap size such as 128m or 1g. */
        String heapSize() {
            String v = value();
            if (!v.matches("[1-9][0-9]*[kKmMgG]?")) {
                throw new IllegalArgumentException(option + ": expected a heap size like 128m or 1g, got " + v);
            }
            return v;
        }

        java.nio.file.Path path() {
            return java.nio.file.Path.of(value());
        }

        /** {@code --no-build} (the launcher's) is accepted, help is printed, anything else is refused. */
        void common() {
            switch (option) {
                case "--no-build" -> {
                    // handled by the launcher script; accepted here so "$@" can be passed through
                }
                case "-h", "--help" -> {
                    System.out.println(usage.get());
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage.get());
            }
        }
    }

    static Map<String, String> fields(String body) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("expected a JSON object, got: " + body);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t.isScalarValue()) {
                    fields.put(name, t == JsonToken.VALUE_NULL ? null : p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
        return fields;
    }

    static String machine() {
        return "nproc " + Runtime.getRuntime().availableProcessors() + ", loadavg " + ServiceProcess.Proc.loadavg()
                + ", java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The median of some values (the mean of the middle two for an even count); -1 if there are none. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return -1;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    // ---------------------------------------------------------------- PostgreSQL

    /** {@code CHECKPOINT}, so that a timed part does not pay for the dirty pages of the one before. */
    static void checkpoint(TestDatabase db) throws SQLException {
        execute(db, "checkpoint");
    }

    /** Runs one statement on a connection of its own (autocommit, so VACUUM may be one). */
    static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Creates (in its own transaction) an empty table {@code name} with exactly daily_snapshot's columns,
     * collations, primary key and {@code created_at} index (V1__warehouse_schema.sql), dropping an older one.
     */
    static void createSnapshotLikeTable(Connection c, String name) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("drop table if exists " + name);
            s.execute("create table " + name + " (\n"
                    + "    id            text collate \"C\" primary key,\n"
                    + "    user_id       text collate \"C\" not null,\n"
                    + "    amount        numeric      not null,\n"
                    + "    status        text         not null,\n"
                    + "    created_at    timestamptz  not null,\n"
                    + "    attributes    jsonb        not null default '{}'::jsonb,\n"
                    + "    load_id       uuid         not null,\n"
                    + "    first_seen_at timestamptz  not null,\n"
                    + "    updated_at    timestamptz  not null\n"
                    + ")");
            s.execute("create index " + name + "_created_at on " + name + " (created_at)");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** daily_snapshot's columns, in table order (for COPY). */
    static final String SNAPSHOT_COLUMNS =
            "id, user_id, amount, status, created_at, attributes, load_id, first_seen_at, updated_at";

    /** The postmaster's pid, from {@code postmaster.pid} in the data directory; -1 if it cannot be read. */
    static long postmasterPid(TestDatabase db) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show data_directory")) {
            rs.next();
            String first = Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid")).get(0).trim();
            return Long.parseLong(first);
        } catch (SQLException | IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU seconds of a PostgreSQL server: the postmaster with its reaped children, plus its live children
     * (backends, checkpointer, WAL writer, …); -1 if unknown.
     */
    static double postgresCpuSeconds(long postmasterPid) {
        if (postmasterPid < 0) {
            return -1;
        }
        double total = ServiceProcess.Proc.cpuSeconds(postmasterPid, true);
        if (total < 0) {
            return -1;
        }
        for (ProcessHandle child : ProcessHandle.of(postmasterPid).map(ProcessHandle::children)
                .orElseGet(Stream::empty).toList()) {
            double c = ServiceProcess.Proc.cpuSeconds(child.pid(), true);
            if (c > 0) {
                total += c;
            }
        }
        return total;
    }

    /** The body of a benchmark, once its options are read. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** Runs a benchmark: bad options exit 2 with the message, a failure exits 1 with its stack, success exits 0. */
    static void main(java.util.function.Supplier<Body> prepare) {
        Body body;
        try {
            body = prepare.get();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            body.run();
            System.exit(0);
        } catch (Throwable t) {
            System.err.println();
            System.err.println("BENCH FAILED: " + t.getMessage());
            t.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** A number, or "n/a" for the -1 (or NaN) of a value that could not be read. */
    static String fmt(String format, double v) {
        return v < 0 || Double.isNaN(v) ? "n/a" : String.format(java.util.Locale.ROOT, format, v);
    }

    /** KiB as MiB, keeping -1 for "unknown". */
    static double mib(long kib) {
        return kib < 0 ? -1 : kib / 1024.0;
    }
}
