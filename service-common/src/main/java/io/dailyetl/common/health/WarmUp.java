package io.dailyetl.common.health;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * One start-up warm-up as a service declares it: a name for the log and the readiness check, the task (which answers
 * what it did), and, for one that needs another service, when it may start. {@link WarmUps} runs them.
 *
 * @param ready null for a warm-up that starts at once and that readiness waits for; otherwise it starts once this
 *     says the other service is ready (asked every second, for at most {@code within}) and readiness does not wait
 */
public record WarmUp(String name, Callable<String> task, BooleanSupplier ready, Duration within) {

    /** A warm-up that starts at once; the service is not ready until it has ended. */
    public static WarmUp atStart(String name, Callable<String> task) {
        return new WarmUp(name, task, null, Duration.ZERO);
    }

    /**
     * A warm-up that needs another service: it starts once {@code ready} says so, is skipped if that takes longer
     * than {@code within}, and readiness does not wait for it (the other service may start later, and this one's
     * readiness waits for that service anyway).
     */
    public static WarmUp whenReady(String name, BooleanSupplier ready, Duration within, Callable<String> task) {
        return new WarmUp(name, task, ready, within);
    }
}
