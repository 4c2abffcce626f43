package io.dailyetl.warehouse.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.contract.runs.RunView;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The warehouse does not keep a run's trace, so it neither reads a reported run's {@code traceId} nor writes one in
 * its answers: they carry the fields the run history has always answered, and no {@code "traceId": null}.
 */
@Singleton
public class RunHistoryJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(RunView.class, WithoutTrace.class);
    }

    @JsonIgnoreProperties("traceId")
    private interface WithoutTrace {}
}
