package io.dailyetl.warehouse.rest;

import io.dailyetl.common.Problem;
import io.dailyetl.common.ProblemException;
import io.dailyetl.contract.ProblemType;
import io.dailyetl.warehouse.failure.WarehouseFailure;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The warehouse's own failures as problem+json: the database, and exceptions carried out of transactions. */
public class DatabaseProblemMappers {

    /** The names PostgreSQL gives the SQLSTATEs of class 53 that {@link #refused} answers. */
    private static final Map<String, String> RESOURCE_STATES = Map.of(
            "53000", "insufficient resources",
            "53100", "disk full",
            "53200", "out of memory",
            "53400", "configuration limit exceeded");

    @ServerExceptionMapper
    public Response transaction(QuarkusTransactionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ProblemException problem) {
            return Problem.response(problem);
        }
        if (cause instanceof WarehouseFailure failure) {
            return DomainProblemMapper.response(failure);
        }
        SQLException sql = sqlCause(cause);
        if (sql != null) {
            return database(sql);
        }
        Log.errorf(e, "unexpected failure in a transaction");
        return Problem.response(500, "Internal server error", "unexpected failure (see the warehouse log)");
    }

    /**
     * The database is down, restarting or out of connections (SQLSTATE classes 08 and 57P, 53300), or the
     * transaction's connection was lost: a retry may succeed.
     */
    static boolean unavailable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException
                || (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")));
    }

    /**
     * The database refused the work for want of a resource that comes back only when someone frees it (SQLSTATE
     * class 53: disk full, out of memory, a configured limit; not 53300, too many connections, which passes by
     * itself and is {@link #unavailable}).
     */
    static boolean refused(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("53") && !state.equals("53300");
    }

    @ServerExceptionMapper
    public Response persistence(PersistenceException e) {
        SQLException sql = sqlCause(e);
        if (sql != null) {
            return database(sql);
        }
        Log.errorf(e, "persistence error");
        return Problem.response(500, "Internal server error", "database error (see the warehouse log)");
    }

    @ServerExceptionMapper
    public Response database(SQLException e) {
        if (refused(e)) {
            String state = e.getSQLState();
            String detail = "the database refused it: " + databaseMessage(e) + " (SQLSTATE " + state + ": "
                    + RESOURCE_STATES.getOrDefault(state, "insufficient resources") + ")";
            Log.errorf("database refused a request: %s", detail);
            return Problem.response(new ProblemException(ProblemType.DATABASE_REFUSED, detail, null));
        }
        if (unavailable(e)) {
            Log.warnf("database unavailable: %s", e.getMessage());
            return Problem.response(503, "Service unavailable", "the database is not reachable; try again later");
        }
        Log.errorf(e, "database error");
        return Problem.response(500, "Internal server error", "database error (see the warehouse log)");
    }

    /** What the database said, without the driver's "ERROR: " prefix and the lines of detail after it. */
    private static String databaseMessage(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        if (message.startsWith("ERROR: ")) {
            message = message.substring("ERROR: ".length());
        }
        int line = message.indexOf('\n');
        return line < 0 ? message : message.substring(0, line).strip();
    }

    /** The first SQLException in a cause chain, or null. */
    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
