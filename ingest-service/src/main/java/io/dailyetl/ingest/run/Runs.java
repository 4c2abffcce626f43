package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.RunView;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.config.SourceCatalog;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.dailyetl.ingest.load.WarehouseLoad;
import io.dailyetl.ingest.load.WarehouseLoads;
import io.dailyetl.ingest.trace.RunTracer;
import io.dailyetl.ingest.trace.TracedExecutor.LogIds;
import io.dailyetl.warehouseclient.RunsClient;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Starts ingest runs, one at a time, and answers for them: one at a time here through an in-process guard, across
 * replicas through the warehouse's one-open-load-per-source lease (opening the load is the first thing a run does,
 * before it answers 202). The run then goes on in the background ({@link RunAttempts}). Each run is one trace: its
 * span ("ingest run") is the parent of the load's calls to the warehouse and of the source's page reads.
 */
@ApplicationScoped
public class Runs {

    private static final int KEPT = 100;

    private final ConfiguredSources sources;
    private final RunsClient history;
    private final WarehouseLoads loads;
    private final RunAttempts attempts;
    private final RunThreads threads;
    private final PullPlanner pulls;
    private final Tracer tracer;
    /** The run in progress here of each source that has one. */
    private final Map<String, UUID> active = new ConcurrentHashMap<>();
    /** Runs that may go on at once, of different sources ({@code ingest.run.max-concurrent}). */
    private final Semaphore slots;

    private final int maxConcurrent;
    private final Duration queueWait;

    private final Deque<Run> recent = new ConcurrentLinkedDeque<>();

    Runs(
            ConfiguredSources sources,
            IngestConfig config,
            RunsClient history,
            WarehouseLoads loads,
            RunAttempts attempts,
            RunThreads threads,
            PullPlanner pulls,
            RunTracer tracer) {
        this.sources = sources;
        this.maxConcurrent = Math.max(1, config.run().maxConcurrent());
        this.slots = new Semaphore(maxConcurrent, true);
        this.queueWait = config.run().queueWait();
        this.history = history;
        this.loads = loads;
        this.attempts = attempts;
        this.threads = threads;
        this.pulls = pulls;
        this.tracer = tracer.tracer();
    }

    /**
     * Starts a run: {@link RunAlreadyActive} if one is in progress here or (the warehouse says) in another replica;
     * {@link WarehouseUnreachable} if the warehouse cannot be reached. Returns once the run's load is open; the run
     * goes on in the background.
     */
    public RunView start(LocalDate logicalDate, String trigger) {
        return start(sources.single(), logicalDate, trigger, PullRequest.NONE);
    }

    /**
     * Starts a run as {@link #start(LocalDate, String)} does, pulling what {@code request} asks for (a backfill
     * window, or everything) instead of what the mode decides; {@link PullPlanner#request} made it.
     */
    public RunView start(SourceSettings source, LocalDate logicalDate, String trigger, PullRequest request) {
        UUID id = UUID.randomUUID();
        UUID going = active.putIfAbsent(source.name(), id);
        if (going != null) {
            throw new RunAlreadyActive("run " + going + " of " + source.name() + " is in progress");
        }
        if (!slots.tryAcquire()) {
            active.remove(source.name(), id);
            throw new RunAlreadyActive(maxConcurrent + " runs are in progress (" + String.join(", ", active.keySet())
                    + "), as many as ingest.run.max-concurrent allows: try again when one ends");
        }
        return started(id, source, logicalDate, trigger, request);
    }

    /**
     * Starts a source's scheduled run of today: if {@code ingest.run.max-concurrent} runs are going, it waits for
     * one of them to end, at most {@code ingest.run.queue-wait}, then starts as {@link #start} does. Blocks the
     * calling (scheduler worker) thread while it waits. Empty if it could not start; the reason is logged.
     */
    public Optional<RunView> startScheduled(SourceSettings source) {
        return startScheduled(source, queueWait);
    }

    /** As {@link #startScheduled(SourceSettings)}, waiting at most {@code queueWait} for a run to end. */
    public Optional<RunView> startScheduled(SourceSettings source, Duration queueWait) {
        UUID id = UUID.randomUUID();
        try {
            if (!slots.tryAcquire()) {
                Log.infof(
                        "scheduled run of %s waits for one of the %d runs in progress (%s) to end "
                                + "(ingest.run.max-concurrent), at most %s (ingest.run.queue-wait)",
                        source.name(), maxConcurrent, String.join(", ", active.keySet()), queueWait);
                if (!slots.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    Log.warnf(
                            "scheduled run of %s not started: no run ended within ingest.run.queue-wait (%s)",
                            source.name(), queueWait);
                    return Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        UUID going = active.putIfAbsent(source.name(), id);
        if (going != null) {
            slots.release();
            Log.warnf("scheduled run of %s not started: run %s of it is in progress", source.name(), going);
            return Optional.empty();
        }
        try {
            return Optional.of(started(id, source, LocalDate.now(source.zone()), "schedule", PullRequest.NONE));
        } catch (RunAlreadyActive | WarehouseUnreachable e) {
            Log.warnf("scheduled run of %s not started: %s", source.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Starts run {@code id}, which holds its source's place in {@link #active} and a slot, both freed when it ends. */
    private RunView started(
            UUID id, SourceSettings source, LocalDate logicalDate, String trigger, PullRequest request) {
        Runnable release = () -> {
            active.remove(source.name(), id);
            slots.release();
        };
        // a child of the request that started it, if any (the caller's trace); the run thread makes it current again
        Span span = tracer.spanBuilder("ingest run")
                .setAttribute("ingest.run.id", id.toString())
                .setAttribute("ingest.run.trigger", trigger)
                .setAttribute("ingest.source", source.name())
                .startSpan();
        String traceId = span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
        Run run = new Run(id, source, logicalDate, trigger, traceId);
        try (Scope ignored = RunTracer.makeCurrent(span);
                LogIds ignored2 = LogIds.of(span)) {
            WarehouseLoad load;
            try {
                load = open(run);
                try {
                    run.opened(load.id(), pulls.plan(source, request));
                } catch (RuntimeException e) {
                    load.abort();
                    throw e;
                }
            } catch (RuntimeException e) {
                release.run();
                span.recordException(e);
                span.setStatus(StatusCode.ERROR, "not started");
                span.end();
                throw e;
            }
            remember(run);
            Log.infof(
                    "run %s started (%s, logical date %s): load %s, source %s, %s",
                    run.id,
                    trigger,
                    logicalDate,
                    load.id(),
                    source.name() + " at "
                            + SourceCatalog.WithoutSecrets.of(source.url().toString()),
                    run.progress().pull().describe());
            threads.runner.execute(() -> attempts.execute(run, load, span, release));
        }
        return run.view();
    }

    /** A run: this replica's live view if it ran it, else the warehouse's history (any replica's, across restarts). */
    public Optional<RunView> get(UUID runId) {
        Optional<RunView> local =
                recent.stream().filter(r -> r.id.equals(runId)).findFirst().map(Run::view);
        if (local.isPresent()) {
            return local;
        }
        try {
            return history.get(runId);
        } catch (RuntimeException e) {
            throw new WarehouseUnreachable("run " + runId + " is not one of this replica's, and the "
                    + "warehouse's run history cannot be reached: " + e.getMessage());
        }
    }

    /**
     * The most recent runs of this source, newest first, from the warehouse's history (with this replica's own runs
     * at their freshest); only this replica's if the warehouse cannot be reached.
     */
    public List<RunView> recent(SourceSettings source, int limit) {
        List<RunView> mine = new ArrayList<>();
        for (Run r : recent) {
            if (r.source.name().equals(source.name())) {
                mine.add(r.view());
            }
        }
        List<RunView> all;
        try {
            all = new ArrayList<>(history.recent(source.name(), limit));
        } catch (RuntimeException e) {
            Log.warnf(
                    "run history at the warehouse unreachable (%s); listing this replica's runs only", e.getMessage());
            return mine.subList(0, Math.min(limit, mine.size()));
        }
        for (RunView m : mine) {
            all.removeIf(r -> r.runId().equals(m.runId()));
        }
        all.addAll(mine);
        all.sort(Comparator.comparing(RunView::startedAt).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** Opens the run's first load; refused while another run of the source holds one. */
    private WarehouseLoad open(Run run) {
        try {
            return loads.open(run.source.name(), run.id, threads.senders, threads.heartbeats);
        } catch (WarehouseConflictException e) {
            throw new RunAlreadyActive(
                    "a run of " + run.source.name() + " is in progress elsewhere: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new WarehouseUnreachable("could not open a load at the warehouse: " + e.getMessage());
        }
    }

    private void remember(Run run) {
        recent.addFirst(run);
        while (recent.size() > KEPT) {
            recent.pollLast();
        }
    }
}
