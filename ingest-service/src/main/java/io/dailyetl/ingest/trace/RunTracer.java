package io.dailyetl.ingest.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tracer of ingest's own spans (the run, each source page): Quarkus' while tracing is on, a no-op one while it
 * is off. Quarkus keeps an SDK that makes valid ids even with {@code quarkus.otel.sdk.disabled=true}; such ids were
 * exported nowhere and no other service logged them, so with tracing off no trace id appears at all (not in the
 * run's answer, its log lines or the metrics' exemplars), as docs/observability.md says.
 */
@ApplicationScoped
public class RunTracer {

    private final Tracer tracer;

    RunTracer(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff) {
        this.tracer = tracingOff ? TracerProvider.noop().get("ingest") : tracer;
    }

    /**
     * Makes {@code span} current, if it is a real one: a no-op span made current would still put its all-zero ids
     * into the log lines (Quarkus copies the current span's ids into the MDC).
     */
    public static Scope makeCurrent(Span span) {
        return span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop();
    }

    /** The tracer to start ingest's spans with. */
    public Tracer tracer() {
        return tracer;
    }
}
