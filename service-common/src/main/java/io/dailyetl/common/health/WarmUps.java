package io.dailyetl.common.health;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service's start-up warm-ups: each runs the service's own hot code once on made-up data, in the background, so
 * that the first real work after a start runs compiled code instead of paying for class loading and the JIT while
 * someone waits. The service reports ready ({@link WarmUpReadiness}) once every warm-up has ended, failed ones
 * included: a failed warm-up only means a slower first run, never a service that stays unready. Each service
 * declares its warm-ups ({@link WarmUp}) in one place, its {@code health.StartupWarmUps}.
 */
@ApplicationScoped
public class WarmUps {

    private final Map<String, String> states = new ConcurrentHashMap<>();

    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /**
     * Set when the service begins to stop (a failed start included, such as a port in use): a warm-up that fails from
     * then on failed because its datasource or client was being closed, which says nothing about the service, so it
     * ends without a warning and the real reason stays what a person reads.
     */
    private volatile boolean stopping;

    /**
     * The service stops: no warm-up starts any more, and the stop waits (at most {@link #STOP_WAIT}) for the running
     * ones to end before the datasource and the clients they use are closed under them.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        try {
            for (Thread thread : threads) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    thread.join(Math.max(1, left / 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long a stop waits for running warm-ups (each takes a second or two). */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /**
     * Starts each warm-up on its own daemon thread, or none if {@code enabled} is false (each service's
     * {@code <service>.warm-up} key).
     */
    public void start(boolean enabled, WarmUp... warmUps) {
        if (!enabled) {
            return;
        }
        for (WarmUp warmUp : warmUps) {
            if (warmUp.ready() == null) {
                states.put(warmUp.name(), "running");
                onThread("warm-up", () -> run(warmUp.name(), "", warmUp.task()));
            } else {
                states.put(warmUp.name(), NOT_AWAITED + "waiting");
                onThread("warm-up-when-ready", () -> runWhenReady(warmUp));
            }
        }
    }

    private void runWhenReady(WarmUp warmUp) {
        String name = warmUp.name();
        long deadline = System.nanoTime() + warmUp.within().toNanos();
        try {
            while (!stopping && !warmUp.ready().getAsBoolean()) {
                if (System.nanoTime() - deadline > 0) {
                    states.put(name, NOT_AWAITED + "skipped");
                    Log.infof(
                            "warm-up of the %s skipped: not ready within %d s",
                            name, warmUp.within().toSeconds());
                    return;
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (stopping) {
            states.put(name, NOT_AWAITED + "stopped");
            return;
        }
        states.put(name, NOT_AWAITED + "running");
        run(name, NOT_AWAITED, warmUp.task());
    }

    /** Runs a warm-up's task, recording its end in its state ({@code prefix} first) and in the log. */
    private void run(String name, String prefix, Callable<String> task) {
        long start = System.nanoTime();
        try {
            String did = task.call();
            long ms = (System.nanoTime() - start) / 1_000_000;
            states.put(name, prefix + "done in " + ms + " ms");
            Log.infof("warm-up of the %s done in %d ms: %s", name, ms, did);
        } catch (Exception | Error e) {
            if (stopping) {
                states.put(name, prefix + "stopped: " + e);
                Log.debugf("warm-up of the %s ended by the service stopping: %s", name, e.toString());
            } else {
                states.put(name, prefix + "failed: " + e);
                Log.warnf("warm-up of the %s failed (the first real work will only be slower): %s", name, e.toString());
            }
        }
    }

    private void onThread(String threadName, Runnable work) {
        Thread thread = new Thread(work, threadName);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private static final String NOT_AWAITED = "not awaited, ";

    /** Whether no warm-up is running. */
    public boolean ended() {
        return !states.containsValue("running");
    }

    /** Each warm-up's state: running, done in N ms, failed, or stopped (the service stopped while it ran). */
    public Map<String, String> states() {
        return new TreeMap<>(states);
    }
}
