package io.dailyetl.ingest.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.MDC;

/**
 * An executor that runs each task in the trace context of the thread that handed it over, with that trace's ids in
 * the log MDC: a run's helper threads (page reads, batch sends) stay in the run's trace and their log lines name it.
 * Quarkus fills the MDC with trace ids only on its own (Vert.x) threads, not on plain ones like these.
 */
public final class TracedExecutor extends AbstractExecutorService {

    private final ExecutorService delegate;

    public TracedExecutor(ExecutorService delegate) {
        this.delegate = delegate;
    }

    /** {@code task} bound to the current trace context and its log MDC. */
    public static Runnable inCurrentContext(Runnable task) {
        Context context = Context.current();
        return () -> {
            try (Scope ignored = context.makeCurrent();
                    LogIds ignored2 = LogIds.of(Span.fromContext(context))) {
                task.run();
            }
        };
    }

    @Override
    public void execute(Runnable task) {
        delegate.execute(inCurrentContext(task));
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }

    /** A span's trace and span ids in the log MDC ({@code %X{traceId}}, {@code %X{spanId}}) until closed. */
    public static final class LogIds implements AutoCloseable {

        private final Object traceId;
        private final Object spanId;
        private final boolean set;

        private LogIds(SpanContext span) {
            set = span.isValid();
            traceId = set ? MDC.put("traceId", span.getTraceId()) : null;
            spanId = set ? MDC.put("spanId", span.getSpanId()) : null;
        }

        public static LogIds of(Span span) {
            return new LogIds(span.getSpanContext());
        }

        @Override
        public void close() {
            if (set) {
                restore("traceId", traceId);
                restore("spanId", spanId);
            }
        }

        private static void restore(String key, Object previous) {
            if (previous == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, previous);
            }
        }
    }
}
