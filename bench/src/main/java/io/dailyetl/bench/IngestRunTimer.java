package io.dailyetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dailyetl.devstack.Stack;
import io.dailyetl.devstack.StackClient;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Times one ingest run from trigger to its end and proves it right: SUCCEEDED with exactly the demo-source's
 * expected counts, {@code fetched = loaded + rejected + duplicates}, and a warehouse load that inserted every row
 * (into an empty snapshot) or found every row unchanged (a repeat). Around the run it measures each process's peak
 * RSS and CPU, which is what shows that ingest streams at a small heap.
 */
record IngestRunTimer(Stack stack, StackClient client, TestDatabase db, JsonNode expected) {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofMillis(50);
    static final List<String> LOAD_COUNTS = List.of("inserted", "updated", "unchanged");

    /**
     * One checked run: its JSON and its load's, trigger-to-end seconds on the bench's clock and the run's own, and
     * what the processes used meanwhile; -1 where a value could not be read.
     */
    record Run(
            int number,
            String label,
            boolean allNew,
            JsonNode run,
            JsonNode load,
            double clientSeconds,
            double runSeconds,
            ServiceProcess.Usage ingest,
            ServiceProcess.Usage warehouse,
            ServiceProcess.Usage demo,
            double postgresCpu,
            String loadavgAtTrigger,
            String loadavgAtEnd) {

        long count(String name) {
            return run.path(name).asLong(-1);
        }

        long loadCount(String name) {
            return load.path(name).asLong(-1);
        }

        double recordsPerSecond() {
            return clientSeconds > 0 ? count("fetched") / clientSeconds : 0;
        }
    }

    /** Runs, times and checks one ingest run; {@code allNew} says whether the snapshot was empty before it. */
    Run measure(int number, String label, boolean allNew) throws Exception {
        ServiceProcess.Meter ingest = stack.process("ingest-service").meter();
        ServiceProcess.Meter warehouse = stack.process("warehouse-service").meter();
        ServiceProcess.Meter demo = stack.process("demo-source").meter();
        String loadavgAtTrigger = ServiceProcess.Proc.loadavg();
        double postgresCpu = db.cpuSeconds();

        long start = System.nanoTime();
        JsonNode run = client.awaitRun(client.startRun(), RUN_TIMEOUT, POLL);
        long end = System.nanoTime();

        ServiceProcess.Usage ingestUse = ingest.read();
        ServiceProcess.Usage warehouseUse = warehouse.read();
        ServiceProcess.Usage demoUse = demo.read();
        double postgresUse = db.cpuSeconds() - postgresCpu;
        String loadavgAtEnd = ServiceProcess.Proc.loadavg();
        String loadId = run.path("loadId").asText(null);
        JsonNode load = loadId == null
                ? JsonNodeFactory.instance.objectNode()
                : client.get(stack.warehouse().resolve("/api/loads/" + loadId));
        Run measured = new Run(
                number,
                label,
                allNew,
                run,
                load,
                (end - start) / 1e9,
                runSeconds(run),
                ingestUse,
                warehouseUse,
                demoUse,
                postgresUse,
                loadavgAtTrigger,
                loadavgAtEnd);
        List<String> problems = problems(measured);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("run " + run.path("runId").asText() + " is wrong: "
                    + String.join("; ", problems) + "\nrun: " + run + "\nload: " + load);
        }
        return measured;
    }

    private List<String> problems(Run r) {
        List<String> problems = new ArrayList<>(StackClient.runProblems(r.run(), expected));
        long loaded = r.count("loaded");
        // the warehouse's side: a load into an empty snapshot inserts every row, a repeat finds every row unchanged
        String all = r.allNew() ? "inserted" : "unchanged";
        if (!"COMMITTED".equals(r.load().path("status").asText())) {
            problems.add("load " + r.run().path("loadId").asText(null) + " is "
                    + r.load().path("status").asText("missing") + ", expected COMMITTED");
        } else if (LOAD_COUNTS.stream().anyMatch(c -> r.loadCount(c) != (c.equals(all) ? loaded : 0))) {
            problems.add((r.allNew() ? "load into an empty snapshot" : "repeat of the same data") + ": inserted "
                    + r.loadCount("inserted") + ", updated " + r.loadCount("updated") + ", unchanged "
                    + r.loadCount("unchanged") + "; expected all " + loaded + " " + all);
        }
        return problems;
    }

    /** The run's own startedAt to finishedAt, in seconds; -1 if either is missing. */
    private static double runSeconds(JsonNode run) {
        try {
            return Duration.between(
                                    Instant.parse(run.path("startedAt").asText()),
                                    Instant.parse(run.path("finishedAt").asText()))
                            .toNanos()
                    / 1e9;
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
