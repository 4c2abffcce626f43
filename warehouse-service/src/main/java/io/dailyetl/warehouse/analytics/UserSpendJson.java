package io.dailyetl.warehouse.analytics;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.sql.SQLException;
import java.time.LocalDate;

/** The user-spend answer as JSON: {@code {from, to, users, total, rows:[{userId, totalSpent, transactions}]}}. */
public final class UserSpendJson {

    private UserSpendJson() {}

    /** Writes the answer, streaming the rows, and closes the generator. */
    public static void write(UserSpendQuery.Rows result, LocalDate from, LocalDate to, JsonGenerator g)
            throws IOException, SQLException {
        g.writeStartObject();
        g.writeStringField("from", from.toString());
        g.writeStringField("to", to.toString());
        g.writeNumberField("users", result.users());
        g.writeStringField("total", result.total().toPlainString());
        g.writeArrayFieldStart("rows");
        for (UserSpendQuery.Row row = result.next(); row != null; row = result.next()) {
            g.writeStartObject();
            g.writeStringField("userId", row.userId());
            g.writeStringField("totalSpent", row.totalSpent().toPlainString());
            g.writeNumberField("transactions", row.transactions());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.close();
    }
}
