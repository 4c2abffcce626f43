package io.dailyetl.warehouse.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Runs the user-spend path once right after start-up, in the background (declared in {@code health.StartupWarmUps}): the query for a day of the year 2000, which has no rows, and the JSON answer for {@value #USERS} made-up
 * users, written nowhere. The first weekly report after a start then runs compiled code. Nothing is read but that
 * empty day, nothing is written.
 */
@ApplicationScoped
public class AnalyticsWarmup {

    static final int USERS = 20_000;

    private final UserSpendQuery query;
    private final ObjectMapper mapper;

    AnalyticsWarmup(UserSpendQuery query, ObjectMapper mapper) {
        this.query = query;
        this.mapper = mapper;
    }

    /** Runs the path once, writing the made-up answer to {@code sink}; returns how many users it had. */
    public long run(OutputStream sink) throws IOException, SQLException {
        LocalDate day = LocalDate.of(2000, 1, 3);
        try (UserSpendQuery.Result empty = query.run(day, day.plusDays(1), "active", query.defaultZone(), null)) {
            UserSpendJson.write(
                    empty, day, day.plusDays(1), mapper.getFactory().createGenerator(OutputStream.nullOutputStream()));
        }
        UserSpendQuery.Rows madeUp = new UserSpendQuery.Rows() {
            private int next;

            @Override
            public long users() {
                return USERS;
            }

            @Override
            public BigDecimal total() {
                return BigDecimal.valueOf(USERS);
            }

            @Override
            public UserSpendQuery.Row next() {
                return next < USERS ? new UserSpendQuery.Row("u" + next++, BigDecimal.ONE.setScale(2), 1) : null;
            }
        };
        UserSpendJson.write(madeUp, day, day.plusDays(7), mapper.getFactory().createGenerator(sink));
        return USERS;
    }
}
