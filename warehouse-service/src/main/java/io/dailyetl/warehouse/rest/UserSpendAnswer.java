package io.dailyetl.warehouse.rest;

import io.dailyetl.warehouse.analytics.UserSpendJson;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON answer of {@code GET /api/analytics/user-spend} as the OpenAPI document describes it. The answer itself is
 * streamed, field by field, by {@link UserSpendJson}; this record only names its shape for generated clients.
 */
@Schema(name = "UserSpend")
public record UserSpendAnswer(
        LocalDate from,
        LocalDate to,
        long users,

        @Schema(description = "The sum of every row, exact, 2 decimals", examples = "1234.50")
        String total,

        List<Row> rows) {

    /** One user's spend in the window. */
    @Schema(name = "UserSpendRow")
    public record Row(
            String userId,

            @Schema(description = "Exact, 2 decimals", examples = "99.95")
            String totalSpent,

            long transactions) {}
}
