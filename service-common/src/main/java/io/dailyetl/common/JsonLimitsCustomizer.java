package io.dailyetl.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Applies {@link JsonLimits#constraints()} to the ObjectMapper every service's REST layer reads request bodies
 * with, so no body is read under Jackson's implicit defaults.
 */
@Singleton
public class JsonLimitsCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(JsonLimits.constraints());
    }
}
