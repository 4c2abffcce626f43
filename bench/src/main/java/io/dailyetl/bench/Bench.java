package io.dailyetl.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dailyetl.testing.ServiceProcess;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the benchmarks share: option parsing, the token they run the services with, JSON fields, the machine line. */
final class Bench {

    static final String TOKEN = "bench-token";
    private static final JsonFactory JSON = new JsonFactory();

    private Bench() {
    }

    static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static int positiveInt(String option, String v) {
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
}
