package dev.tributary.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TypeKind;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbstractDialectTest {
    private final TestDialect dialect = new TestDialect();
    private final TableDefinition orders =
            new TableDefinition(
                    TableId.of("shop", "orders"),
                    List.of(
                            new ColumnDefinition(
                                    "id", DataType.of(TypeKind.INT64), false, "bigint"),
                            new ColumnDefinition(
                                    "region", DataType.of(TypeKind.STRING), false, "text"),
                            new ColumnDefinition(
                                    "qty", DataType.of(TypeKind.INT32), true, "integer")),
                    List.of("id", "region"));
    private final WriteTarget target =
            new WriteTarget(orders, orders.columns(), new int[] {0, 1}, true);

    @Test
    void identifiersAreQuotedAndEscaped() {
        assertThat(dialect.quote("x\"; DROP TABLE y; --")).isEqualTo("\"x\"\"; DROP TABLE y; --\"");
        assertThat(dialect.tableName(TableId.parse("db.sch\"ema.t")))
                .isEqualTo("\"sch\"\"ema\".\"t\"");
        assertThat(dialect.tableName(TableId.parse("t"))).isEqualTo("\"t\"");
    }

    @Test
    void createTableNamesColumnsTypesAndKey() {
        assertThat(
                        dialect.createTableSql(
                                orders.id(),
                                List.of(
                                        new ColumnDefinition(
                                                "id", DataType.of(TypeKind.INT64), true, null),
                                        new ColumnDefinition(
                                                "amount", DataType.decimal(10, 2), true, null),
                                        new ColumnDefinition(
                                                "name",
                                                DataType.sized(TypeKind.STRING, 20),
                                                false,
                                                null),
                                        new ColumnDefinition(
                                                "at",
                                                DataType.temporal(TypeKind.TIMESTAMP_TZ, 3),
                                                true,
                                                null)),
                                List.of("id"),
                                80))
                .isEqualTo(
                        "CREATE TABLE \"shop\".\"orders\" (\"id\" bigint NOT NULL, \"amount\" numeric(10,2),"
                                + " \"name\" varchar(20) NOT NULL, \"at\" timestamp(3) with time zone, PRIMARY KEY (\"id\"))");
        assertThat(
                        dialect.addColumnSql(
                                orders.id(),
                                new ColumnDefinition(
                                        "note", DataType.of(TypeKind.BOOLEAN), true, null)))
                .isEqualTo("ALTER TABLE \"shop\".\"orders\" ADD COLUMN \"note\" boolean");
    }

    @Test
    void genericStatementsBindEveryValue() {
        assertThat(dialect.insertSql(orders.id(), orders.columns()))
                .isEqualTo(
                        "INSERT INTO \"shop\".\"orders\" (\"id\", \"region\", \"qty\") VALUES (?, ?, ?)");
        assertThat(dialect.updateSql(target))
                .isEqualTo(
                        "UPDATE \"shop\".\"orders\" SET \"qty\" = ? WHERE \"id\" = ? AND \"region\" = ?");
        assertThat(dialect.deleteSql(target))
                .isEqualTo("DELETE FROM \"shop\".\"orders\" WHERE \"id\" = ? AND \"region\" = ?");
        assertThat(dialect.truncateSql(orders.id()))
                .isEqualTo("TRUNCATE TABLE \"shop\".\"orders\"");
        assertThat(dialect.commitStatements(TableId.parse("_tributary_commits")).get(0))
                .isEqualTo(
                        "SELECT sequence FROM \"_tributary_commits\" WHERE pipeline = ? AND sink = ? AND subtask = ?"
                                + " FOR UPDATE");
    }

    @Test
    void failuresAreClassifiedBySqlStateClass() {
        assertThat(dialect.classify(new SQLException("gone", "08006")))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(dialect.classify(new SQLException("shutdown", "57P01")))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(dialect.classify(new SQLException("deadlock", "40P01")))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(dialect.classify(new SQLTransientConnectionException("x")))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(dialect.classify(new SQLException("io", null, new java.io.EOFException())))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(dialect.classify(new SQLException("too long", "22001")))
                .isEqualTo(FailureKind.DATA);
        assertThat(dialect.classify(new SQLException("not null", "23502")))
                .isEqualTo(FailureKind.DATA);
        assertThat(dialect.classify(new SQLException("no table", "42P01")))
                .isEqualTo(FailureKind.FATAL);
    }

    @Test
    void standardTypeNamesMapBackToLogicalTypes() {
        assertThat(
                        dialect.logicalType(
                                new NativeType("character varying", null, 12, null, null, null)))
                .isEqualTo(DataType.sized(TypeKind.STRING, 12));
        assertThat(dialect.logicalType(new NativeType("numeric", null, null, 10, 2, null)))
                .isEqualTo(DataType.decimal(10, 2));
        assertThat(
                        dialect.logicalType(
                                new NativeType(
                                        "timestamp with time zone", null, null, null, null, 3)))
                .isEqualTo(DataType.temporal(TypeKind.TIMESTAMP_TZ, 3));
        assertThat(dialect.logicalType(new NativeType("point", null, null, null, null, null)))
                .isNull();
    }

    @Test
    void keysCompareAsRowValues() {
        assertThat(dialect.keyComparison(List.of("\"region\"", "\"id\""), "<="))
                .isEqualTo("(\"region\", \"id\") <= (?, ?)");
        assertThat(dialect.keyComparison(List.of("\"id\""), ">")).isEqualTo("\"id\" > ?");
    }

    @Test
    void canonicalRowPrefixesEachValueWithItsLengthAndMarksNull() {
        assertThat(dialect.canonicalRow(List.of("a", "b")))
                .isEqualTo(
                        "COALESCE(CAST(CHAR_LENGTH(a) AS VARCHAR(20)) || ':' || a, 'N')"
                                + " || COALESCE(CAST(CHAR_LENGTH(b) AS VARCHAR(20)) || ':' || b, 'N')");
    }

    @Test
    void standardSqlHasNoRowHash() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dialect.rowHash("x"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage(
                        "the test dialect cannot hash rows in the database, so it cannot verify");
    }
}
