package dev.tributary.postgres.cdc;

import static dev.tributary.postgres.cdc.CdcHarness.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks before the job starts name what to change; key-columns makes keyless tables work. */
class PostgresCdcPreflightIT extends WithCdcServer {

    private static void create(Map<String, Object> values) throws Exception {
        harness.start("pre", CdcHarness.parsed(values, Map.of()), null, null, "pre").close();
    }

    @Test
    void aServerWithoutLogicalDecodingIsRefused(@TempDir Path replicaDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        try (EmbeddedPostgres replica =
                EmbeddedPostgres.builder()
                        .setDataDirectory(replicaDir)
                        .setCleanDataDirectory(true)
                        .setPort(port)
                        .setLocaleConfig("locale", "C")
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("wal_level", "replica")
                        .start()) {
            Map<String, Object> values =
                    harness.options("postgres", map("tables.include", List.of(".*")));
            values.put("port", port);
            assertThatThrownBy(() -> create(values))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(
                            "postgres-cdc needs logical decoding, but the server runs with"
                                    + " wal_level = replica: set wal_level = logical in"
                                    + " postgresql.conf and restart PostgreSQL");
        }
    }

    @Test
    void aUserWithoutReplicationIsToldWhatToGrant() throws Exception {
        server.createDatabase("pre1");
        harness.sql(
                "pre1",
                "CREATE TABLE t (id int PRIMARY KEY)",
                "CREATE ROLE plain LOGIN",
                "GRANT SELECT ON t TO plain");
        Map<String, Object> values = harness.options("pre1", map("tables.include", List.of(".*")));
        values.put("user", "plain");
        assertThatThrownBy(() -> create(values))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "the user 'plain' (sources[0].user) may not read replication slots: run"
                                + " ALTER ROLE \"plain\" REPLICATION (as a superuser), or connect as a"
                                + " user that has it");
    }

    @Test
    void neverWithASlotOlderThanItsPublicationSaysWhatToDrop() throws Exception {
        server.createDatabase("pre6");
        harness.sql(
                "pre6",
                "CREATE TABLE t (id int PRIMARY KEY)",
                "SELECT pg_create_logical_replication_slot('tributary_pre6_pre', 'pgoutput')",
                "INSERT INTO t VALUES (1)");
        Map<String, Object> values =
                harness.options(
                        "pre6", map("tables.include", List.of(".*"), "startup-mode", "never"));
        assertThatThrownBy(
                        () ->
                                harness.start(
                                                "pre",
                                                CdcHarness.parsed(values, Map.of()),
                                                null,
                                                null,
                                                "pre6")
                                        .close())
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].slot-name: the replication slot 'tributary_pre6_pre' exists but"
                                + " the publication 'tributary_pre6_pre' does not. With startup-mode"
                                + " never the source streams from the slot's position, and"
                                + " PostgreSQL cannot decode the changes the slot kept from before"
                                + " the publication existed. Drop the slot (SELECT"
                                + " pg_drop_replication_slot('tributary_pre6_pre')) to stream the"
                                + " changes from the start of the next run on, or create the"
                                + " publication first and the slot after it");
        // Stopped before anything ran: no publication was created.
        assertThat(
                        harness.number(
                                "pre6",
                                "SELECT count(*) FROM pg_publication"
                                        + " WHERE pubname = 'tributary_pre6_pre'"))
                .isZero();
        harness.sql("pre6", "SELECT pg_drop_replication_slot('tributary_pre6_pre')");
    }

    @Test
    void noMatchingTableNamesTheIncludeOption() throws Exception {
        server.createDatabase("pre2");
        harness.sql("pre2", "CREATE TABLE t (id int PRIMARY KEY)");
        assertThatThrownBy(
                        () ->
                                create(
                                        harness.options(
                                                "pre2",
                                                map("tables.include", List.of("public\\.nope")))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].tables.include: no table matches [public\\.nope]; the database"
                                + " has the tables [public.t]");
    }

    @Test
    void aTableWithoutPrimaryKeyNeedsKeyColumnsAndAReplicaIdentity() throws Exception {
        server.createDatabase("pre3");
        harness.sql("pre3", "CREATE TABLE keyless (a int, b text, v text)");
        Map<String, Object> values =
                harness.options("pre3", map("tables.include", List.of("public\\.keyless")));
        assertThatThrownBy(() -> create(values))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "table public.keyless has no primary key: give its key in"
                                + " sources[0].key-columns (such as public.keyless:id), add a primary"
                                + " key, or leave it out with sources[0].tables.exclude");

        values.put("key-columns", List.of("public.keyless:a,b"));
        assertThatThrownBy(() -> create(values))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "table public.keyless has no replica identity that carries its key, so"
                                + " PostgreSQL could not publish its updates and deletes: run ALTER"
                                + " TABLE \"public\".\"keyless\" REPLICA IDENTITY FULL");

        values.put("key-columns", List.of("public.keyless:a,nope"));
        harness.sql("pre3", "ALTER TABLE keyless REPLICA IDENTITY FULL");
        assertThatThrownBy(() -> create(values))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].key-columns: table public.keyless has no column 'nope'; its"
                                + " columns are [a, b, v]");
    }

    @Test
    void keyColumnsMakeAKeylessTableWorkForAReplicationUser() throws Exception {
        server.createDatabase("pre4");
        server.createDatabase("dst4");
        harness.sql(
                "pre4",
                "CREATE ROLE capture LOGIN REPLICATION",
                "GRANT CREATE ON DATABASE pre4 TO capture",
                "CREATE TABLE keyless (region text, num int, v text)",
                "ALTER TABLE keyless OWNER TO capture",
                "ALTER TABLE keyless REPLICA IDENTITY FULL",
                "INSERT INTO keyless SELECT 'r' || (g % 3), g, 'v' || g"
                        + " FROM generate_series(1, 120) g");
        Map<String, Object> values =
                harness.options(
                        "pre4",
                        map(
                                "tables.include",
                                List.of("public\\.keyless"),
                                "key-columns",
                                List.of("public.keyless:num,region"),
                                "snapshot.chunk-size",
                                25));
        values.put("user", "capture");
        try (CdcHarness.Run run =
                harness.start(
                        "keyless", CdcHarness.parsed(values, Map.of()), "dst4", null, "key4")) {
            await("the snapshot")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> run.count(Op.SNAPSHOT) == 120);
            harness.sql(
                    "pre4",
                    "UPDATE keyless SET v = 'changed' WHERE num <= 10",
                    "DELETE FROM keyless WHERE num > 100",
                    "UPDATE keyless SET num = num + 1000 WHERE num = 50");
            await("the target equals the source")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(
                            () ->
                                    assertThat(harness.rows("dst4", "keyless", "num, region"))
                                            .isEqualTo(
                                                    harness.rows(
                                                            "pre4", "keyless", "num, region")));
            for (ChangeEvent e : run.events()) {
                // Debezium orders key columns as the table does.
                assertThat(e.schema().primaryKey()).containsExactly("region", "num");
            }
            assertThat(run.errors()).isEmpty();
        }
    }
}
