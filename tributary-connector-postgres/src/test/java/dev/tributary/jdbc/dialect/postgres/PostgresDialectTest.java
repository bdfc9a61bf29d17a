package dev.tributary.jdbc.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TypeKind;
import dev.tributary.jdbc.dialect.ColumnDefinition;
import dev.tributary.jdbc.dialect.Dialects;
import dev.tributary.jdbc.dialect.NativeType;
import dev.tributary.jdbc.dialect.TableDefinition;
import dev.tributary.jdbc.dialect.WriteTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresDialectTest {
    private final PostgresDialect dialect = new PostgresDialect();
    private final TableDefinition orders =
            new TableDefinition(
                    TableId.of("public", "orders"),
                    List.of(
                            new ColumnDefinition("id", DataType.of(TypeKind.INT64), false, "int8"),
                            new ColumnDefinition(
                                    "na\"me", DataType.of(TypeKind.STRING), true, "text"),
                            new ColumnDefinition("qty", DataType.of(TypeKind.INT32), true, "int4")),
                    List.of("id"));
    private final WriteTarget target =
            new WriteTarget(orders, orders.columns(), new int[] {0}, true);

    @Test
    void isFoundForPostgresUrls() {
        assertThat(Dialects.forUrl("jdbc:postgresql://h/db", getClass().getClassLoader()))
                .isInstanceOf(PostgresDialect.class);
        assertThat(dialect.accepts("jdbc:oracle:thin:@h:1521/x")).isFalse();
    }

    @Test
    void logicalTypesMapToPostgresTypes() {
        assertThat(
                        List.of(
                                        "BOOLEAN",
                                        "INT16",
                                        "INT32",
                                        "INT64",
                                        "FLOAT32",
                                        "FLOAT64",
                                        "DECIMAL(10,2)",
                                        "DECIMAL",
                                        "STRING(5)",
                                        "STRING",
                                        "BYTES",
                                        "DATE",
                                        "TIME(3)",
                                        "TIMESTAMP",
                                        "TIMESTAMP_TZ(9)",
                                        "JSON",
                                        "UUID")
                                .stream()
                                .map(t -> dialect.columnType(dev.tributary.jdbc.Events.type(t)))
                                .toList())
                .containsExactly(
                        "boolean",
                        "smallint",
                        "integer",
                        "bigint",
                        "real",
                        "double precision",
                        "numeric(10,2)",
                        "numeric",
                        "varchar(5)",
                        "text",
                        "bytea",
                        "date",
                        "time(3)",
                        "timestamp(6)",
                        "timestamptz(6)",
                        "jsonb",
                        "uuid");
    }

    @Test
    void postgresTypesMapBackToLogicalTypes() {
        assertThat(dialect.storedType(DataType.temporal(TypeKind.TIMESTAMP, 9)))
                .isEqualTo(DataType.temporal(TypeKind.TIMESTAMP, 6));
        assertThat(dialect.storedType(DataType.decimal(10, DataType.UNBOUNDED)))
                .isEqualTo(DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED));
        assertThat(
                        dialect.fits(
                                DataType.temporal(TypeKind.TIMESTAMP, 9),
                                DataType.temporal(TypeKind.TIMESTAMP, 6)))
                .isTrue();
        assertThat(dialect.fits(DataType.sized(TypeKind.BYTES, 10), DataType.of(TypeKind.BYTES)))
                .isTrue();
    }

    @Test
    void fastPathStatements() {
        assertThat(dialect.createStagingSql("stage", target))
                .isEqualTo(
                        "CREATE TEMPORARY TABLE \"stage\" ON COMMIT"
                                + " DELETE ROWS AS SELECT CAST(NULL AS char(1)) AS \"_tributary_staging_op\", \"id\", \"na\"\"me\","
                                + " \"qty\" FROM \"public\".\"orders\" WITH NO DATA");
        assertThat(dialect.copyIntoStagingSql("stage", target))
                .isEqualTo(
                        "COPY \"stage\" (\"_tributary_staging_op\", \"id\", \"na\"\"me\", \"qty\") FROM STDIN");
        assertThat(dialect.copySql(target))
                .isEqualTo("COPY \"public\".\"orders\" (\"id\", \"na\"\"me\", \"qty\") FROM STDIN");
        assertThat(dialect.deleteFromStagingSql("stage", target))
                .isEqualTo(
                        "DELETE FROM \"public\".\"orders\" t"
                                + " USING \"stage\" s WHERE s.\"_tributary_staging_op\" = 'd' AND t.\"id\" = s.\"id\"");
        assertThat(dialect.upsertFromStagingSql("stage", target))
                .isEqualTo(
                        "INSERT INTO \"public\".\"orders\""
                                + " (\"id\", \"na\"\"me\", \"qty\") SELECT \"id\", \"na\"\"me\", \"qty\" FROM \"stage\" WHERE"
                                + " \"_tributary_staging_op\" <> 'd' ON CONFLICT (\"id\") DO UPDATE SET \"na\"\"me\" ="
                                + " EXCLUDED.\"na\"\"me\", \"qty\" = EXCLUDED.\"qty\"");
    }

    @Test
    void withoutAPrimaryKeyEveryStagedKeyIsReplaced() {
        WriteTarget noKey = new WriteTarget(orders, orders.columns(), new int[] {0}, false);
        assertThat(dialect.deleteFromStagingSql("stage", noKey))
                .isEqualTo(
                        "DELETE FROM \"public\".\"orders\" t USING \"stage\" s WHERE t.\"id\" = s.\"id\"");
        assertThat(dialect.upsertFromStagingSql("stage", noKey))
                .endsWith("WHERE \"_tributary_staging_op\" <> 'd'");
        WriteTarget keyOnly =
                new WriteTarget(orders, orders.columns().subList(0, 1), new int[] {0}, true);
        assertThat(dialect.upsertFromStagingSql("stage", keyOnly))
                .endsWith("ON CONFLICT (\"id\") DO NOTHING");
    }

    @Test
    void ddlCreatesOnlyWhatIsMissing() {
        TableId t = TableId.parse("t");
        List<ColumnDefinition> uuidKey =
                List.of(new ColumnDefinition("id", DataType.of(TypeKind.UUID), false, null));
        assertThat(dialect.createTableSql(t, uuidKey, List.of("id"), 100))
                .isEqualTo(
                        "CREATE TABLE IF NOT EXISTS \"t\" (\"id\" uuid NOT NULL, PRIMARY KEY (\"id\"))");
        assertThat(dialect.createTableSql(t, uuidKey, List.of("id"), 80))
                .endsWith("PRIMARY KEY (\"id\")) WITH (fillfactor = 80)");
        assertThat(
                        dialect.addColumnSql(
                                TableId.parse("t"),
                                new ColumnDefinition("j", DataType.of(TypeKind.JSON), true, null)))
                .isEqualTo("ALTER TABLE \"t\" ADD COLUMN IF NOT EXISTS \"j\" jsonb");
    }

    @Test
    void udtNamesMapBack() {
        assertThat(
                        dialect.logicalTypeOf(
                                new NativeType("USER-DEFINED", "citext", null, null, null, null)))
                .isNull();
        assertThat(dialect.logicalTypeOf(new NativeType("jsonb", "jsonb", null, null, null, null)))
                .isEqualTo(DataType.of(TypeKind.JSON));
        assertThat(
                        dialect.logicalTypeOf(
                                new NativeType(
                                        "character varying", "varchar", 5, null, null, null)))
                .isEqualTo(DataType.sized(TypeKind.STRING, 5));
        assertThat(
                        dialect.logicalTypeOf(
                                new NativeType(
                                        "timestamp with time zone",
                                        "timestamptz",
                                        null,
                                        null,
                                        null,
                                        3)))
                .isEqualTo(DataType.temporal(TypeKind.TIMESTAMP_TZ, 3));
        assertThat(
                        dialect.logicalTypeOf(
                                new NativeType("numeric", "numeric", null, null, null, null)))
                .isEqualTo(DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED));
    }
}
