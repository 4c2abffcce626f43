package io.dailyetl.warehouse.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.contract.runs.RunView;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The warehouse keeps a run's {@code traceId} when its replica reported one (tracing on) and writes it in its answers
 * only then: a run without a trace carries the fields the run history has always answered, and no
 * {@code "traceId": null}.
 */
@Singleton
public class RunHistoryJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(RunView.class, TraceWhenKnown.class);
    }

    private interface TraceWhenKnown {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        String traceId();
    }
}
