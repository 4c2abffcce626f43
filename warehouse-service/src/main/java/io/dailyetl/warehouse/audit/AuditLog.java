package io.dailyetl.warehouse.audit;

import io.agroal.api.AgroalDataSource;
import io.dailyetl.contract.audit.AuditEntry;
import io.dailyetl.contract.audit.AuditView;
import io.dailyetl.warehouse.failure.InvalidInput;
import io.dailyetl.warehouse.failure.InvalidInput.Violation;
import io.dailyetl.warehouse.failure.WarehouseFailure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console's audit log (table {@code console_audit}, V14, V16): every action a person took in the console, written
 * once and never changed, read newest first: a STARTED row before the console calls the service, then the outcome in
 * a row that follows it (at most one). The time of a row is the database's {@code now()}.
 */
@ApplicationScoped
public class AuditLog {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");
    private static final Pattern ACTION = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Set<String> OUTCOMES =
            Set.of(AuditEntry.STARTED, AuditEntry.OK, AuditEntry.REFUSED, AuditEntry.FAILED);
    private static final int MAX_TARGET = 1000;
    private static final int MAX_DETAIL = 4000;

    private static final String COLUMNS = "id, at, actor, role, action, target, outcome, detail, follows";

    private final AgroalDataSource dataSource;

    AuditLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes {@code entry} and answers the row as stored; {@link InvalidInput} naming every field at fault, {@link
     * AlreadyFollowed} if the STARTED row it follows has its outcome already.
     */
    public AuditView write(AuditEntry entry) {
        check(entry);
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (entry.follows() != null) {
                    checkFollowed(c, entry);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into console_audit (actor, role, action, target, outcome, detail, follows) "
                                + "values (?, ?, ?, ?, ?, ?, ?) returning " + COLUMNS)) {
                    ps.setString(1, entry.actor());
                    ps.setString(2, entry.role());
                    ps.setString(3, entry.action());
                    ps.setString(4, entry.target() == null ? "" : entry.target());
                    ps.setString(5, entry.outcome());
                    ps.setString(6, entry.detail() == null ? "" : entry.detail());
                    ps.setObject(7, entry.follows());
                    return readAll(ps).get(0);
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState())) {
                        throw new AlreadyFollowed(entry.follows());
                    }
                    throw e;
                }
            }
        });
    }

    /** The row an outcome follows must be a STARTED row of the same actor and action, without an outcome yet. */
    private static void checkFollowed(Connection c, AuditEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select s.actor, s.action, s.outcome, exists (select 1 from console_audit o where o.follows = s.id) "
                        + "from console_audit s where s.id = ?")) {
            ps.setLong(1, entry.follows());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()
                        || !AuditEntry.STARTED.equals(rs.getString(3))
                        || !rs.getString(1).equals(entry.actor())
                        || !rs.getString(2).equals(entry.action())) {
                    throw InvalidInput.of(
                            "follows",
                            "not a STARTED row of " + entry.actor() + "'s " + entry.action() + ": " + entry.follows());
                }
                if (rs.getBoolean(4)) {
                    throw new AlreadyFollowed(entry.follows());
                }
            }
        }
    }

    /** The STARTED row has its outcome already: each action has one. */
    public static final class AlreadyFollowed extends WarehouseFailure {
        AlreadyFollowed(long id) {
            super(Kind.AUDIT_ALREADY_FOLLOWED, "follows: audit row " + id + " has its outcome already");
        }
    }

    /** The latest {@code limit} rows, newest first. */
    public List<AuditView> recent(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "select " + COLUMNS + " from console_audit order by at desc, id desc limit ?")) {
                ps.setInt(1, limit);
                return readAll(ps);
            }
        });
    }

    private static void check(AuditEntry entry) {
        if (entry == null) {
            throw InvalidInput.of(
                    "body", "required: {\"actor\", \"role\", \"action\", \"target\", \"outcome\", " + "\"detail\"}");
        }
        List<Violation> wrong = new ArrayList<>();
        if (entry.actor() == null
                || entry.actor().isBlank()
                || entry.actor().length() > 256
                || entry.actor().chars().anyMatch(Character::isISOControl)) {
            wrong.add(new Violation("actor", "required: 1 to 256 characters, no control characters"));
        }
        name(wrong, "role", entry.role());
        if (entry.action() == null || !ACTION.matcher(entry.action()).matches()) {
            wrong.add(new Violation("action", "required: 1 to 64 lower-case letters, digits or '-'"));
        }
        if (entry.outcome() == null || !OUTCOMES.contains(entry.outcome())) {
            wrong.add(new Violation("outcome", "required: one of STARTED, OK, REFUSED, FAILED"));
        } else if (AuditEntry.STARTED.equals(entry.outcome()) && entry.follows() != null) {
            wrong.add(new Violation("follows", "a STARTED row follows nothing"));
        }
        text(wrong, "target", entry.target(), MAX_TARGET);
        text(wrong, "detail", entry.detail(), MAX_DETAIL);
        if (!wrong.isEmpty()) {
            throw new InvalidInput(
                    wrong.stream()
                            .map(v -> v.field() + ": " + v.message())
                            .reduce((a, b) -> a + "; " + b)
                            .get(),
                    wrong);
        }
    }

    private static void name(List<Violation> wrong, String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            wrong.add(new Violation(field, "required: 1 to 128 letters, digits or . _ @ : -"));
        }
    }

    private static void text(List<Violation> wrong, String field, String value, int max) {
        if (value != null && value.length() > max) {
            wrong.add(new Violation(field, "at most " + max + " characters"));
        } else if (value != null && value.chars().anyMatch(ch -> ch == 0)) {
            wrong.add(new Violation(field, "must not contain NUL characters"));
        }
    }

    private static List<AuditView> readAll(PreparedStatement ps) throws SQLException {
        List<AuditView> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new AuditView(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getObject(9) == null ? null : rs.getLong(9)));
            }
        }
        return rows;
    }
}
