package io.dailyetl.warehouse.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI description's front page and the bearer-token scheme every {@code /api/**} operation uses: each token
 * has one role (operator, loader, reader; see docs/security.md), and each operation says which roles it serves.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "warehouse-service",
                        version = "1.0.0",
                        description =
                                "Stages batches of clean records, commits each load atomically into daily_snapshot and "
                                        + "answers per-user spend. Every /api/** call needs Authorization: Bearer <token>, "
                                        + "a token of a role the operation serves (operator, loader or reader)."))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public class ApiDefinition extends Application {}
