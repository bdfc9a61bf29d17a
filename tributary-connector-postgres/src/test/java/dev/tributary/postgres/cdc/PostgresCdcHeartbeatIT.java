package dev.tributary.postgres.cdc;

import static dev.tributary.postgres.cdc.CdcHarness.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.event.Op;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Heartbeats move the slot forward while the captured tables are idle. */
class PostgresCdcHeartbeatIT extends WithCdcServer {

    private static SlotLag lag(String db, String slot) throws Exception {
        try (Connection c = harness.connect(db)) {
            return SlotLag.of(c, slot).orElseThrow();
        }
    }

    @Test
    void theConfirmedPositionAdvancesWhileCapturedTablesAreIdle() throws Exception {
        String db = "busy";
        String slot = "tributary_hb_idle";
        server.createDatabase(db);
        harness.sql(
                db,
                "CREATE TABLE idle (id int PRIMARY KEY, v text)",
                "INSERT INTO idle VALUES (1, 'a'), (2, 'b')",
                "CREATE TABLE busy (id serial PRIMARY KEY, payload text)");
        try (CdcHarness.Run run =
                harness.start(
                        "idle",
                        CdcHarness.parsed(
                                harness.options(
                                        db,
                                        map(
                                                "tables.include",
                                                List.of("public\\.idle"),
                                                "slot-name",
                                                slot)),
                                Map.of()),
                        null,
                        null,
                        "hb")) {
            await("the snapshot")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> run.count(Op.SNAPSHOT) == 2);
            await("the slot is read")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> lag(db, slot).active());
            String start = lag(db, slot).confirmedFlushLsn();
            await("the confirmed position passes the writes to the other table")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                harness.sql(
                                        db,
                                        "INSERT INTO busy (payload) SELECT repeat('x', 200)"
                                                + " FROM generate_series(1, 200)");
                                return harness.number(
                                                db,
                                                "SELECT pg_wal_lsn_diff(confirmed_flush_lsn, '"
                                                        + start
                                                        + "') FROM pg_replication_slots WHERE"
                                                        + " slot_name = '"
                                                        + slot
                                                        + "'")
                                        > 100_000;
                            });
            SlotLag lag = lag(db, slot);
            assertThat(lag.retainedWalBytes()).isNotNegative();
            assertThat(lag.toString()).contains(slot);
            assertThat(run.events()).allMatch(e -> e.op() == Op.SNAPSHOT);
            assertThat(run.errors()).isEmpty();
        }
    }
}
