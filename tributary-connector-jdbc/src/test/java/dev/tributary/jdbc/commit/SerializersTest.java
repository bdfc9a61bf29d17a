package dev.tributary.jdbc.commit;

import static dev.tributary.jdbc.Events.delete;
import static dev.tributary.jdbc.Events.insert;
import static dev.tributary.jdbc.Events.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import dev.tributary.jdbc.Events;
import dev.tributary.jdbc.writer.BatchBuffer;
import dev.tributary.jdbc.writer.Change;
import dev.tributary.jdbc.writer.EncodedChanges;
import dev.tributary.jdbc.writer.JdbcWriterState;
import dev.tributary.jdbc.writer.JdbcWriterStateSerializer;
import dev.tributary.jdbc.writer.TableBatch;
import dev.tributary.jdbc.writer.TableProgress;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerializersTest {
    private static final TableSchema S =
            schema(List.of("id"), "id INT64", "amount DECIMAL(10,2)", "d DATE");

    @Test
    void aCommittableSurvivesTheRoundTrip() throws IOException {
        JdbcCommittable c =
                new JdbcCommittable(
                        "shop",
                        "warehouse",
                        3,
                        17,
                        List.of(
                                new TableBatch(
                                        TableId.parse("db.public.orders"),
                                        WriteMode.UPSERT,
                                        true,
                                        List.of(
                                                new Change(
                                                        Change.Kind.UPSERT,
                                                        insert(
                                                                S,
                                                                1L,
                                                                new BigDecimal("1.25"),
                                                                LocalDate.of(2024, 1, 2)),
                                                        "shop-db"),
                                                new Change(
                                                        Change.Kind.DELETE,
                                                        delete(S, 2L, null, null)))),
                                new TableBatch(
                                        TableId.parse("errors"),
                                        WriteMode.INSERT,
                                        false,
                                        List.of(
                                                new Change(
                                                        Change.Kind.AS_IS,
                                                        insert(S, 3L, null, null))))));
        JdbcCommittableSerializer serializer = new JdbcCommittableSerializer();

        JdbcCommittable back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(c));

        assertThat(back.pipeline()).isEqualTo("shop");
        assertThat(back.sink()).isEqualTo("warehouse");
        assertThat(back.subtask()).isEqualTo(3);
        assertThat(back.sequence()).isEqualTo(17);
        assertThat(back.tables())
                .extracting(TableBatch::target, TableBatch::mode, TableBatch::truncateFirst)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                TableId.parse("db.public.orders"), WriteMode.UPSERT, true),
                        org.assertj.core.groups.Tuple.tuple(
                                TableId.parse("errors"), WriteMode.INSERT, false));
        Change first = back.tables().get(0).changes().get(0);
        assertThat(first.kind()).isEqualTo(Change.Kind.UPSERT);
        assertThat(first.event().after())
                .containsExactly(1L, new BigDecimal("1.25"), LocalDate.of(2024, 1, 2));
        assertThat(first.event().schema()).isEqualTo(S);
        assertThat(first.source()).isEqualTo("shop-db");
        assertThat(back.tables().get(0).changes().get(1).kind()).isEqualTo(Change.Kind.DELETE);
        assertThat(back.tables().get(0).changes().get(1).source()).isNull();
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[0]))
                .hasMessageContaining("unknown version 99");
    }

    @Test
    void aBatchKeepsItsProgressThroughTheCheckpoint() throws IOException {
        TableProgress progress = new TableProgress(7, 3, "shop.public.orders", 2, 4711, 1234, true);
        JdbcCommittable c =
                new JdbcCommittable(
                        "shop",
                        "warehouse",
                        0,
                        1,
                        List.of(
                                new TableBatch(
                                        TableId.parse("orders"),
                                        WriteMode.UPSERT,
                                        false,
                                        List.of(
                                                new Change(
                                                        Change.Kind.UPSERT,
                                                        insert(S, 1L, null, null))),
                                        progress)));
        JdbcCommittableSerializer serializer = new JdbcCommittableSerializer();

        JdbcCommittable back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(c));

        assertThat(back.tables().get(0).progress()).isEqualTo(progress);
        assertThat(back.tables().get(0).changes()).hasSize(1);
    }

    @Test
    void onlyTheRowImagesTheCommitterReadsAreStored() throws IOException {
        TableId t = TableId.parse("orders");
        ChangeEvent update =
                Events.update(
                        S,
                        Events.row(1L, new BigDecimal("1.00"), null),
                        Events.row(2L, new BigDecimal("2.00"), null));
        JdbcCommittable c =
                new JdbcCommittable(
                        "shop",
                        "warehouse",
                        0,
                        1,
                        List.of(
                                new TableBatch(
                                        t,
                                        WriteMode.UPSERT,
                                        false,
                                        List.of(
                                                new Change(Change.Kind.UPSERT, update),
                                                new Change(Change.Kind.DELETE, update),
                                                new Change(Change.Kind.AS_IS, update))),
                                new TableBatch(
                                        TableId.parse("history"),
                                        WriteMode.APPEND,
                                        false,
                                        List.of(
                                                new Change(Change.Kind.AS_IS, update),
                                                new Change(
                                                        Change.Kind.AS_IS,
                                                        delete(S, 3L, null, null))))));
        JdbcCommittableSerializer serializer = new JdbcCommittableSerializer();

        JdbcCommittable back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(c));

        List<Change> upserts = back.tables().get(0).changes();
        assertThat(upserts.get(0).event().before()).isNull();
        assertThat(upserts.get(0).event().after()).isEqualTo(update.after());
        // A key delete and a change applied by its op compare both keys.
        assertThat(upserts.get(1).event().before()).isEqualTo(update.before());
        assertThat(upserts.get(2).event().before()).isEqualTo(update.before());
        assertThat(upserts.get(2).event().after()).isEqualTo(update.after());
        List<Change> appended = back.tables().get(1).changes();
        assertThat(appended.get(0).event().before()).isNull();
        assertThat(appended.get(0).event().after()).isEqualTo(update.after());
        assertThat(appended.get(1).event().before()).containsExactly(3L, null, null);
        assertThat(appended.get(1).event().op()).isEqualTo(Op.DELETE);
        assertThat(appended.get(1).event().position().offset())
                .isEqualTo(c.tables().get(1).changes().get(1).event().position().offset());
    }

    @Test
    void writerStateSurvivesTheRoundTrip() throws IOException {
        JdbcWriterStateSerializer serializer = new JdbcWriterStateSerializer();
        JdbcWriterState state = new JdbcWriterState(2, 123456789012L);

        assertThat(serializer.deserialize(1, serializer.serialize(state))).isEqualTo(state);
    }

    @Test
    void batchesTheWriterEncodedSurviveTheRoundTripAsTheyAre() throws IOException {
        BatchBuffer buffer = new BatchBuffer();
        TableId orders = TableId.parse("orders");
        ChangeEvent move =
                Events.update(
                        S,
                        Events.row(1L, new BigDecimal("1.00"), null),
                        Events.row(2L, new BigDecimal("2.00"), LocalDate.of(2024, 5, 6)));
        buffer.add(Events.upsert(orders, insert(S, 1L, new BigDecimal("1.00"), null)));
        buffer.add(Events.upsert(orders, Events.truncate(S)));
        buffer.add(Events.upsert(orders, move));
        buffer.add(Events.upsert(orders, delete(S, 5L, null, null)));
        buffer.add(
                Events.record(
                        TableId.parse("history"), WriteMode.APPEND, insert(S, 7L, null, null)));
        JdbcCommittable c = new JdbcCommittable("shop", "warehouse", 1, 2, buffer.drain());
        JdbcCommittableSerializer serializer = new JdbcCommittableSerializer();

        byte[] bytes = serializer.serialize(c);
        JdbcCommittable back = serializer.deserialize(serializer.getVersion(), bytes);

        assertThat(back.size()).isEqualTo(5);
        assertThat(back.tables())
                .extracting(TableBatch::target, TableBatch::mode, TableBatch::truncateFirst)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(orders, WriteMode.UPSERT, true),
                        org.assertj.core.groups.Tuple.tuple(
                                TableId.parse("history"), WriteMode.APPEND, false));
        for (int t = 0; t < 2; t++) {
            List<Change> expected = c.tables().get(t).changes();
            List<Change> actual = back.tables().get(t).changes();
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i)).usingRecursiveComparison().isEqualTo(expected.get(i));
            }
        }
        assertThat(back.tables().get(0).changes())
                .extracting(Change::kind)
                .containsExactly(
                        Change.Kind.TRUNCATE,
                        Change.Kind.DELETE,
                        Change.Kind.UPSERT,
                        Change.Kind.DELETE);
        assertThat(back.tables().get(0).changes().get(1).event().before()).isEqualTo(move.before());
        // A restored batch is checkpointed again byte for byte.
        assertThat(serializer.serialize(back)).isEqualTo(bytes);
    }

    /**
     * A version 3 batch, as the previous build wrote it: orders (upsert, truncate first) with an
     * UPSERT insert of key 1 and a key-changing update 2 to 3 (DELETE and UPSERT), and history
     * (append) with the same insert and a DELETE of key 4.
     */
    private static final String VERSION_3 =
            "AARzaG9wAAl3YXJlaG91c2UAAAADAAAAAAAAABEAAAABAAAAAwEAAAACaWQBA///////////AQAAAAZhbW91bnQB"
                    + "BgAAAAoAAAACAQAAAAFkAQn//////////wAAAAEBAAAAAmlkAAAAAgEAAAACZGIBAAAABnB1YmxpYwEAAAAGb3Jk"
                    + "ZXJzAAEAAAADAAABAAAABHNob3ABAAAABnB1YmxpYwEAAAAGb3JkZXJzAAAAAAACAAAAAwQAAAAAAAAAARAAAAAC"
                    + "AAAAAAAAAH0KAAAAAAAATQwBAAAAEnNob3AucHVibGljLm9yZGVycwAAAAAAAAAAAAAAKQAAAYvP5WgAAAABi8/l"
                    + "afQBAQEAAAAAAwAAAAMEAAAAAAAAAAIAAAAAAAMEAAAAAAAAAAMQAAAAAgAAAAAAAAEsAAEAAAASc2hvcC5wdWJs"
                    + "aWMub3JkZXJzAAAAAAAAAAAAAAAqAAABi8/laAAAAAGLz+VqWAABAQAAAAACAAAAAwQAAAAAAAAAAxAAAAACAAAA"
                    + "AAAAASwAAQAAABJzaG9wLnB1YmxpYy5vcmRlcnMAAAAAAAAAAAAAACoAAAGLz+VoAAAAAYvP5WpYAAABAAAAB2hp"
                    + "c3RvcnkBAAAAAAICAAEAAAAEc2hvcAEAAAAGcHVibGljAQAAAAZvcmRlcnMAAAAAAAIAAAADBAAAAAAAAAABEAAA"
                    + "AAIAAAAAAAAAfQoAAAAAAABNDAEAAAASc2hvcC5wdWJsaWMub3JkZXJzAAAAAAAAAAAAAAApAAABi8/laAAAAAGL"
                    + "z+Vp9AIBAgAAAAABAAAAAwQAAAAAAAAABAAAAQAAABJzaG9wLnB1YmxpYy5vcmRlcnMAAAABAAAAAAAAACsAAAGL"
                    + "z+VoAAAAAYvP5Wq8";

    @Test
    void aVersion3CheckpointStillRestores() throws IOException {
        JdbcCommittableSerializer serializer = new JdbcCommittableSerializer();

        JdbcCommittable back =
                serializer.deserialize(3, java.util.Base64.getDecoder().decode(VERSION_3));

        assertThat(back.pipeline()).isEqualTo("shop");
        assertThat(back.sink()).isEqualTo("warehouse");
        assertThat(back.subtask()).isEqualTo(3);
        assertThat(back.sequence()).isEqualTo(17);
        assertThat(back.tables())
                .extracting(TableBatch::target, TableBatch::mode, TableBatch::truncateFirst)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                TableId.parse("db.public.orders"), WriteMode.UPSERT, true),
                        org.assertj.core.groups.Tuple.tuple(
                                TableId.parse("history"), WriteMode.APPEND, false));
        List<Change> orders = back.tables().get(0).changes();
        assertThat(orders)
                .extracting(
                        Change::kind, ch -> ch.event().op(), ch -> ch.event().position().offset())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.UPSERT, Op.INSERT, 41L),
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.DELETE, Op.UPDATE, 42L),
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.UPSERT, Op.UPDATE, 42L));
        assertThat(orders.get(0).event().after())
                .containsExactly(1L, new BigDecimal("1.25"), LocalDate.of(2024, 1, 2));
        assertThat(orders.get(0).event().schema()).isEqualTo(S);
        assertThat(orders.get(0).event().table()).isEqualTo(Events.SOURCE);
        assertThat(orders.get(1).event().before()).containsExactly(2L, null, null);
        assertThat(orders.get(2).event().after()).containsExactly(3L, new BigDecimal("3.00"), null);
        List<Change> history = back.tables().get(1).changes();
        assertThat(history).extracting(Change::kind).containsOnly(Change.Kind.AS_IS);
        assertThat(history.get(1).event().before()).containsExactly(4L, null, null);
        assertThat(history.get(1).event().position().partition()).isEqualTo(1);
        assertThat(history.get(1).event().position().readTimestamp()).isEqualTo(1_700_000_000_700L);

        // Checkpointed again in the current version, it reads back the same.
        JdbcCommittable again =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(back));
        assertThat(again.tables().get(0).changes())
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(orders);
    }

    /**
     * A version 6 batch (records uncompressed), as the build before wrote it for the buffer of
     * {@link #batchesTheWriterEncodedSurviveTheRoundTripAsTheyAre}: orders (upsert, truncate first)
     * with the DELETE of key 1 and the UPSERT of key 2 that one key-changing update backs, and the
     * DELETE of key 5; history (append) with the insert of key 7.
     */
    private static final String VERSION_6 =
            "AARzaG9wAAl3YXJlaG91c2UAAAABAAAAAAAAAAIAAAACAAABAAAABm9yZGVycwABAAAAAwAAAAEAAAADAQAAAAJp"
                    + "ZAED//////////8BAAAABmFtb3VudAEGAAAACgAAAAIBAAAAAWQBCf//////////AAAAAQEAAAACaWQAAAABAQAA"
                    + "AARzaG9wAQAAAAZwdWJsaWMBAAAABm9yZGVycwABAQABAAAAAAAAAAQAAAAAAAAAAAEAEnNob3AucHVibGljLm9y"
                    + "ZGVycwAAAAAAAAAAAAAABAAAAYvP5WgAAAAAATABAAADAAAAAwQAAAAAAAAAARAAAAACAAAAAAAAAGQAAAAAAwQA"
                    + "AAAAAAAAAhAAAAACAAAAAAAAAMgKAAAAAAAATYkBAAAAEnNob3AucHVibGljLm9yZGVycwAAAAAAAAAAAAAAAQAA"
                    + "AYvP5WgAAAABog1NF78BAAADAAAAAwQAAAAAAAAAARAAAAACAAAAAAAAAGQAAAAAAwQAAAAAAAAAAhAAAAACAAAA"
                    + "AAAAAMgKAAAAAAAATYkBAAAAEnNob3AucHVibGljLm9yZGVycwAAAAAAAAAAAAAAAQAAAYvP5WgAAAABog1NF78C"
                    + "AAABAAAAAwQAAAAAAAAABQAAAQAAABJzaG9wLnB1YmxpYy5vcmRlcnMAAAAAAAAAAAAAAAQAAAGLz+VoAAAAAaIN"
                    + "TRfQAAABAAAAB2hpc3RvcnkBAAAAAAEAAAABAAAAAwEAAAACaWQBA///////////AQAAAAZhbW91bnQBBgAAAAoA"
                    + "AAACAQAAAAFkAQn//////////wAAAAEBAAAAAmlkAAAAAQEAAAAEc2hvcAEAAAAGcHVibGljAQAAAAZvcmRlcnMA"
                    + "AAAAAAAAAAABAAAAAAAAAAABABJzaG9wLnB1YmxpYy5vcmRlcnMAAAAAAAAAAAAAAAUAAAGLz+VoAAAAAABGAAAA"
                    + "AgAAAAMEAAAAAAAAAAcAAAEAAAASc2hvcC5wdWJsaWMub3JkZXJzAAAAAAAAAAAAAAAFAAABi8/laAAAAAGiDU0X"
                    + "0A==";

    @Test
    void aVersion6CheckpointStillRestores() throws IOException {
        JdbcCommittableSerializer serializer = new JdbcCommittableSerializer();

        JdbcCommittable back =
                serializer.deserialize(6, java.util.Base64.getDecoder().decode(VERSION_6));

        assertThat(back.sequence()).isEqualTo(2);
        assertThat(back.tables())
                .extracting(TableBatch::target, TableBatch::mode, TableBatch::truncateFirst)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                TableId.parse("orders"), WriteMode.UPSERT, true),
                        org.assertj.core.groups.Tuple.tuple(
                                TableId.parse("history"), WriteMode.APPEND, false));
        List<Change> orders = back.tables().get(0).changes();
        assertThat(orders)
                .extracting(Change::kind, ch -> ch.event().op())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.DELETE, Op.UPDATE),
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.UPSERT, Op.UPDATE),
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.DELETE, Op.DELETE));
        assertThat(orders.get(0).event().before())
                .containsExactly(1L, new BigDecimal("1.00"), null);
        assertThat(orders.get(1).event().after())
                .containsExactly(2L, new BigDecimal("2.00"), LocalDate.of(2024, 5, 6));
        assertThat(orders.get(2).event().before()).containsExactly(5L, null, null);
        assertThat(back.tables().get(1).changes().get(0).event().after())
                .containsExactly(7L, null, null);
        assertThat(back.tables().get(0).progress().events()).isEqualTo(4);

        // Checkpointed again in the current version, compressed, it reads back the same.
        JdbcCommittable again =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(back));
        for (int t = 0; t < 2; t++) {
            assertThat(again.tables().get(t).changes())
                    .usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(back.tables().get(t).changes());
            assertThat(again.tables().get(t).progress()).isEqualTo(back.tables().get(t).progress());
        }
    }

    @Test
    void aBatchIsCompressedOnceHoweverOftenItIsCheckpointed() throws IOException {
        BatchBuffer buffer = new BatchBuffer();
        TableId orders = TableId.parse("orders");
        for (long id = 0; id < 1_000; id++) {
            buffer.add(Events.upsert(orders, insert(S, id, new BigDecimal("9.99"), null)));
        }
        JdbcCommittable c = new JdbcCommittable("shop", "warehouse", 0, 1, buffer.drain());
        JdbcCommittableSerializer serializer = new JdbcCommittableSerializer();
        EncodedChanges changes = c.tables().get(0).encoded();

        byte[] first = serializer.serialize(c);
        EncodedChanges.Compressed compressed = changes.compressed();
        byte[] second = serializer.serialize(c);

        assertThat(changes.compressed()).isSameAs(compressed);
        assertThat(second).isEqualTo(first);
        // Table and topic names repeat in every record.
        assertThat(first.length).isLessThan(changes.bytes().length / 2);
        JdbcCommittable back = serializer.deserialize(serializer.getVersion(), first);
        assertThat(back.tables().get(0).encoded().bytes()).isEqualTo(changes.bytes());
        // A restored batch keeps its compressed form for the next checkpoint.
        assertThat(back.tables().get(0).encoded().compressed().length())
                .isEqualTo(compressed.length());
    }
}
