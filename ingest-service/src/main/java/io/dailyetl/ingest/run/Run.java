package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One run's live state; written by the run's thread, read by the API. */
final class Run {

    final UUID id = UUID.randomUUID();
    final LocalDate logicalDate;
    final String trigger;
    final Instant startedAt = Instant.now();
    final AtomicInteger pages = new AtomicInteger();
    final AtomicLong fetched = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicInteger retries = new AtomicInteger();
    volatile RunStatus status = RunStatus.RUNNING;
    volatile UUID loadId;
    volatile long loaded;
    volatile long duplicates;
    /** What the run pulls; decided once its load is open. */
    volatile Pull pull = Pull.EVERYTHING;
    /** How the commit split the ids it loaded (null until it committed). */
    volatile Long inserted;

    volatile Long updated;
    volatile Long unchanged;
    /** The source's watermark the commit left (null: none, or not committed). */
    volatile Instant watermark;
    /** The highest change time among the current attempt's clean records (null: none yet). Run thread only. */
    Instant highestChange;
    /** Clean records of the current attempt without a readable change time. Run thread only. */
    long withoutChangeTime;

    volatile Instant finishedAt;
    volatile String error;
    /** The run's trace, null when tracing is off. */
    volatile String traceId;

    final List<RunView.Attempt> attempts = new CopyOnWriteArrayList<>();
    /** Version of the last report to the warehouse's run history (each report takes the next). */
    private long version;

    Run(LocalDate logicalDate, String trigger) {
        this.logicalDate = logicalDate;
        this.trigger = trigger;
    }

    /** Starts attempt {@code number} on {@code load}: the counts start again from zero. */
    void beginAttempt(int number, UUID load) {
        loadId = load;
        pages.set(0);
        fetched.set(0);
        rejected.set(0);
        highestChange = null;
        withoutChangeTime = 0;
        attempts.add(new RunView.Attempt(number, load, Instant.now(), null));
    }

    /** Records why the current attempt lost its load. */
    void attemptLost(String reason) {
        int last = attempts.size() - 1;
        RunView.Attempt a = attempts.get(last);
        attempts.set(last, new RunView.Attempt(a.number(), a.loadId(), a.startedAt(), reason));
    }

    /** The run's view now and the version of a report of it, taken together so that newer views get higher versions. */
    synchronized Map.Entry<RunView, Long> report() {
        return Map.entry(view(), ++version);
    }

    RunView view() {
        return new RunView(
                id,
                status,
                logicalDate,
                trigger,
                startedAt,
                finishedAt,
                pages.get(),
                fetched.get(),
                loaded,
                rejected.get(),
                duplicates,
                retries.get(),
                loadId,
                error,
                List.copyOf(attempts),
                traceId,
                inserted,
                updated,
                unchanged,
                pull.view(watermark));
    }
}
