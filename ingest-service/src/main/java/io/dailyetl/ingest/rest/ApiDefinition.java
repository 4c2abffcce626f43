package io.dailyetl.ingest.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI description's front page and the bearer-token scheme every {@code /api/**} operation uses. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "ingest-service",
                        version = "1.0.0",
                        description =
                                "Pulls the paginated source API, cleans every record and streams batches to the warehouse; "
                                        + "runs daily and on demand. Every /api/** call needs Authorization: Bearer <PIPELINE_API_TOKEN>."))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public class ApiDefinition extends Application {}
