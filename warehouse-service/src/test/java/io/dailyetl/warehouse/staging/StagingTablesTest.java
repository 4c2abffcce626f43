package io.dailyetl.warehouse.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A load's staging table, created like {@code load_staging_template}, has exactly the shape the COPY of a batch and
 * the merge rely on: the same columns, types, collations, not-null flags and defaults as the staging tables whose
 * columns used to be spelled out at open, unlogged and without autovacuum.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class StagingTablesTest {

    /** The staging table as it was created before the template existed: the reference shape. */
    private static final String REFERENCE = "create unlogged table staging.reference_shape (seq integer not null, "
            + "pos integer not null, id text collate \"C\" not null, user_id text not null, amount numeric not null, "
            + "status text not null, created_at timestamptz not null, attributes jsonb not null) "
            + "with (autovacuum_enabled = false)";

    @Inject
    DataSource dataSource;

    @Test
    void stagingTableIsShapedExactlyLikeTheReference() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // given a load's staging table and the reference (both in a transaction rolled back at the end)
                UUID loadId = UUID.randomUUID();
                StagingTables.create(c, loadId);
                try (Statement st = c.createStatement()) {
                    st.execute(REFERENCE);
                }

                // then their columns and table options are the same
                List<String> staged = shape(c, StagingTables.table(loadId));
                assertThat(staged).hasSize(10).isEqualTo(shape(c, "staging.reference_shape"));
                assertThat(staged).contains("id text not-null collate C", "persistence u {autovacuum_enabled=false}");
            } finally {
                c.rollback();
            }
        }
    }

    /** Each column (name, type, not-null, collation, default), then persistence and options, constraints, indexes. */
    private static List<String> shape(Connection c, String table) throws SQLException {
        List<String> shape = new ArrayList<>();
        query(c, """
                select a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                       || case when a.attnotnull then ' not-null' else '' end
                       || coalesce(' collate ' || nullif(co.collname, 'default'), '')
                       || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
                from pg_attribute a
                left join pg_collation co on co.oid = a.attcollation
                left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped
                order by a.attnum""", table, shape);
        query(
                c,
                "select 'persistence ' || relpersistence::text || ' ' || coalesce(reloptions::text, '{}') "
                        + "from pg_class where oid = ?::regclass",
                table,
                shape);
        query(
                c,
                "select 'constraints ' || count(*) || ', indexes ' || (select count(*) from pg_index "
                        + "where indrelid = ?::regclass) from pg_constraint where conrelid = ?::regclass",
                table,
                shape);
        return shape;
    }

    private static void query(Connection c, String sql, String table, List<String> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setString(i, table);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.add(rs.getString(1));
                }
            }
        }
    }
}
