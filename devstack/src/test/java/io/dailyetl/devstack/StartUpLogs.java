package io.dailyetl.devstack;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the stack's three services logged while they started: every line up to the moment the stack was ready, and the
 * lines of their warm-up threads after it (a warm-up that waits for the warehouse may end after its service is
 * ready). Plain lines ({@code 2026-… WARN  [category] (thread) …}) and JSON ones ({@code "level":"WARN"}) alike.
 */
final class StartUpLogs {

    static final List<String> SERVICES =
            List.of("warehouse-service", "ingest-service", "report-service", "console-service");

    /** The services that warm up their round trip to the warehouse after ready (the console has no warm-up). */
    private static final List<String> WARMS_UP = List.of("ingest-service", "report-service");

    private static final Pattern WARN_OR_WORSE =
            Pattern.compile("^\\S+ \\S+ (WARN|ERROR|FATAL) |\"level\":\"(WARN|ERROR|FATAL)\"");
    private static final Pattern WARM_UP_THREAD = Pattern.compile("\\((warm-up[^)]*)\\)|\"threadName\":\"warm-up");

    private final Stack stack;
    private final Map<String, Integer> linesWhenReady = new LinkedHashMap<>();

    private StartUpLogs(Stack stack) {
        this.stack = stack;
    }

    /** Notes how far each service's log is now: call it right after the stack is ready. */
    static StartUpLogs whenReady(Stack stack) {
        StartUpLogs logs = new StartUpLogs(stack);
        for (String module : SERVICES) {
            logs.linesWhenReady.put(module, logs.read(module).size());
        }
        return logs;
    }

    /**
     * A service's start-up lines: those up to ready, and its warm-up threads' since, once its warm-up of the warehouse
     * round trip (ingest and report) has ended.
     */
    List<String> of(String module) {
        if (WARMS_UP.contains(module)) {
            await().atMost(Duration.ofMinutes(2))
                    .until(() ->
                            read(module).stream().anyMatch(l -> l.contains("warm-up of the warehouse round trip")));
        }
        List<String> all = read(module);
        int ready = linesWhenReady.get(module);
        List<String> lines = new ArrayList<>(all.subList(0, ready));
        all.subList(ready, all.size()).stream()
                .filter(l -> WARM_UP_THREAD.matcher(l).find())
                .forEach(lines::add);
        return lines;
    }

    static boolean warnsOrWorse(String line) {
        return WARN_OR_WORSE.matcher(line).find();
    }

    private List<String> read(String module) {
        Path log = stack.process(module).log();
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
