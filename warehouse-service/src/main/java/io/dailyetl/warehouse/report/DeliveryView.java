package io.dailyetl.warehouse.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A report delivery as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(
        UUID deliveryId,
        String report,
        LocalDate from,
        LocalDate to,
        String status,
        boolean forced,
        List<String> recipients,
        OffsetDateTime claimedAt,
        OffsetDateTime finishedAt,
        Long users,
        String total,
        String error,
        String messageId) {

    static DeliveryView of(Delivery d) {
        return new DeliveryView(
                d.id,
                d.report,
                d.windowFrom,
                d.windowTo,
                d.status,
                d.forced,
                d.recipients.isEmpty() ? List.of() : List.of(d.recipients.split(",")),
                d.claimedAt,
                d.finishedAt,
                d.users,
                d.total == null ? null : d.total.toPlainString(),
                d.error,
                d.messageId);
    }
}
