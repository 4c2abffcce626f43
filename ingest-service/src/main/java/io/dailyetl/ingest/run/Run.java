package io.dailyetl.ingest.run;

import io.dailyetl.contract.loads.CommitResult;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One run: what it is (id, logical date, trigger, start, trace) and where it is now, a {@link RunProgress} that
 * only the methods here replace, each named for the step of the run it records. The run's thread moves it on
 * ({@link Runs} starts it, {@link RunAttempts} runs its attempts, {@link IngestPipeline} counts a page at a time);
 * the API and the run-history reports read it whole.
 */
final class Run {

    final UUID id;
    /** The source it pulls. */
    final SourceSettings source;

    final LocalDate logicalDate;
    final String trigger;
    final Instant startedAt = Instant.now();
    /** The run's trace, null when tracing is off. */
    final String traceId;

    private volatile RunProgress progress = RunProgress.STARTING;
    /** Version of the last report to the warehouse's run history (each report takes the next). */
    private long version;

    Run(UUID id, SourceSettings source, LocalDate logicalDate, String trigger, String traceId) {
        this.id = id;
        this.source = source;
        this.logicalDate = logicalDate;
        this.trigger = trigger;
        this.traceId = traceId;
    }

    RunProgress progress() {
        return progress;
    }

    /** Its first load is open, and what it pulls is decided. */
    void opened(UUID load, Pull pull) {
        move(p -> p.opened(load, pull));
    }

    /** Attempt {@code number} starts on {@code load}: the counts start again from zero. */
    void attempting(int number, UUID load) {
        move(p -> p.attempting(number, load, Instant.now()));
    }

    /** The current attempt lost its load, for {@code reason}. */
    void attemptLost(String reason) {
        move(p -> p.lost(reason));
    }

    /** The current attempt's counts so far (updated a page at a time). */
    void counted(int pages, long fetched, long rejected) {
        move(p -> p.counted(
                new RunProgress.Counts(pages, fetched, rejected, p.counts().retries())));
    }

    /** The source was asked for a page again. */
    void retried() {
        move(p -> {
            RunProgress.Counts c = p.counts();
            return p.counted(new RunProgress.Counts(c.pages(), c.fetched(), c.rejected(), c.retries() + 1));
        });
    }

    /** The warehouse committed the current attempt's load and answered {@code answer}. */
    void committed(CommitResult answer) {
        Instant watermark = answer.watermark() == null
                ? null
                : OffsetDateTime.parse(answer.watermark()).toInstant();
        RunProgress.Committed commit = new RunProgress.Committed(
                answer.loaded(),
                answer.duplicates(),
                answer.inserted(),
                answer.updated(),
                answer.unchanged(),
                watermark,
                answer.checks());
        move(p -> p.committed(commit));
    }

    void succeeded() {
        move(p -> p.ended(RunStatus.SUCCEEDED, null));
    }

    void failed(RunProgress.Failure why) {
        move(p -> p.ended(RunStatus.FAILED, why));
    }

    void finished() {
        move(p -> p.finished(Instant.now()));
    }

    /** The run's view now and the version of a report of it, taken together so that newer views get higher versions. */
    synchronized Map.Entry<RunView, Long> report() {
        return Map.entry(view(), ++version);
    }

    RunView view() {
        RunProgress p = progress;
        RunProgress.Counts c = p.counts();
        RunProgress.Committed commit = p.committed();
        return new RunView(
                id,
                source.name(),
                p.status(),
                logicalDate,
                trigger,
                startedAt,
                p.finishedAt(),
                c.pages(),
                c.fetched(),
                p.loaded(),
                c.rejected(),
                p.duplicates(),
                c.retries(),
                p.loadId(),
                p.error(),
                p.attempts(),
                traceId,
                commit == null ? null : commit.inserted(),
                commit == null ? null : commit.updated(),
                commit == null ? null : commit.unchanged(),
                p.pull().view(commit == null ? null : commit.watermark()),
                p.failure() == null ? null : p.failure().kind(),
                p.failure() == null ? null : p.failure().mayPass(),
                p.checks());
    }

    private synchronized void move(UnaryOperator<RunProgress> step) {
        progress = step.apply(progress);
    }
}
