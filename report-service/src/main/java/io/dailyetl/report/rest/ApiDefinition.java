package io.dailyetl.report.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI description's front page and the bearer-token scheme every {@code /api/**} operation uses. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "report-service",
                        version = "1.0.0",
                        description =
                                "Emails the weekly per-user spend CSV (by cron and on demand, once per window) and serves it "
                                        + "for download. Every /api/** call needs Authorization: Bearer <PIPELINE_API_TOKEN>."))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public class ApiDefinition extends Application {}
