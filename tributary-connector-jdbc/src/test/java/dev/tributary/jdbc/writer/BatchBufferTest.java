package dev.tributary.jdbc.writer;

import static dev.tributary.jdbc.Events.delete;
import static dev.tributary.jdbc.Events.insert;
import static dev.tributary.jdbc.Events.record;
import static dev.tributary.jdbc.Events.row;
import static dev.tributary.jdbc.Events.schema;
import static dev.tributary.jdbc.Events.truncate;
import static dev.tributary.jdbc.Events.untyped;
import static dev.tributary.jdbc.Events.update;
import static dev.tributary.jdbc.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchBufferTest {
    private static final TableId T = TableId.parse("orders");
    private static final TableSchema S = schema(List.of("id"), "id INT64", "name STRING");
    private final BatchBuffer buffer = new BatchBuffer();

    private List<Change> only() {
        List<TableBatch> batches = buffer.drain();
        assertThat(batches).hasSize(1);
        return batches.get(0).changes();
    }

    @Test
    void upsertsAreReducedToTheLastChangePerKey() {
        ChangeEvent last = update(S, row(1L, "b"), row(1L, "c"));
        buffer.add(upsert(T, insert(S, 1L, "a")));
        buffer.add(upsert(T, insert(S, 2L, "x")));
        buffer.add(upsert(T, last));

        assertThat(only())
                .extracting(Change::kind, c -> c.event().after()[1])
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.UPSERT, "c"),
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.UPSERT, "x"));
    }

    @Test
    void deleteThenReinsertKeepsTheRow() {
        buffer.add(upsert(T, delete(S, 1L, "a")));
        buffer.add(upsert(T, insert(S, 1L, "b")));

        assertThat(only())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.kind()).isEqualTo(Change.Kind.UPSERT);
                            assertThat(c.event().after()).containsExactly(1L, "b");
                        });
    }

    @Test
    void aKeyChangingUpdateDeletesTheOldKeyAndUpsertsTheNew() {
        ChangeEvent move = update(S, row(1L, "a"), row(2L, "a"));
        buffer.add(upsert(T, insert(S, 1L, "a")));
        buffer.add(upsert(T, move));

        assertThat(only())
                .extracting(Change::kind)
                .containsExactly(Change.Kind.DELETE, Change.Kind.UPSERT);
    }

    @Test
    void keysCompareByValue() {
        TableSchema s = schema(List.of("k", "b"), "k DECIMAL", "b BYTES");
        buffer.add(upsert(T, insert(s, new BigDecimal("1.0"), new byte[] {1})));
        buffer.add(upsert(T, insert(s, new BigDecimal("1.00"), new byte[] {1})));

        assertThat(only()).hasSize(1);
    }

    @Test
    void truncateDropsWhatCameBeforeAndFlagsTheTable() {
        buffer.add(upsert(T, insert(S, 1L, "a")));
        buffer.add(upsert(T, truncate(S)));
        buffer.add(upsert(T, insert(S, 2L, "b")));

        TableBatch batch = buffer.drain().get(0);
        assertThat(batch.truncateFirst()).isTrue();
        // The truncate itself stays first, for an error row should the target be refused.
        assertThat(batch.changes())
                .extracting(Change::kind, c -> c.event().op())
                .containsExactly(
                        tuple(Change.Kind.TRUNCATE, Op.TRUNCATE),
                        tuple(Change.Kind.UPSERT, Op.INSERT));
        assertThat(batch.changes().get(1).event().after()[0]).isEqualTo(2L);
    }

    @Test
    void aSecondTruncateReplacesTheFirstAndWhatCameBetween() {
        buffer.add(upsert(T, truncate(S)));
        buffer.add(upsert(T, insert(S, 1L, "a")));
        buffer.add(upsert(T, truncate(S)));

        TableBatch batch = buffer.drain().get(0);
        assertThat(batch.truncateFirst()).isTrue();
        assertThat(batch.changes()).extracting(Change::kind).containsExactly(Change.Kind.TRUNCATE);
    }

    @Test
    void eventsWithoutAKeyAreKeptAsTheyAreInOrder() {
        TableSchema s = untyped(List.of(), "id", "name");
        buffer.add(upsert(T, insert(s, 1L, "a")));
        buffer.add(upsert(T, insert(s, 1L, "b")));

        assertThat(only())
                .extracting(Change::kind)
                .containsExactly(Change.Kind.AS_IS, Change.Kind.AS_IS);
    }

    @Test
    void appendAndInsertKeepEveryRecordPerTableAndMode() {
        buffer.add(record(T, WriteMode.APPEND, insert(S, 1L, "a")));
        buffer.add(record(T, WriteMode.APPEND, insert(S, 1L, "a")));
        buffer.add(record(TableId.parse("errors"), WriteMode.INSERT, insert(S, 1L, "a")));
        buffer.add(record(T, WriteMode.APPEND, truncate(S)));

        List<TableBatch> batches = buffer.drain();
        assertThat(batches)
                .extracting(TableBatch::mode)
                .containsExactly(WriteMode.APPEND, WriteMode.INSERT);
        assertThat(batches.get(0).changes()).hasSize(3);
        assertThat(batches.get(0).truncateFirst()).isFalse();
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void aKeyChangingUpdateBacksBothEntriesWithBothRows() {
        ChangeEvent move = update(S, row(1L, "a"), row(2L, "b"));
        buffer.add(upsert(T, move));
        buffer.add(upsert(T, insert(S, 3L, "c")));

        List<Change> changes = only();
        assertThat(changes)
                .extracting(Change::kind)
                .containsExactly(Change.Kind.DELETE, Change.Kind.UPSERT, Change.Kind.UPSERT);
        assertThat(changes.get(0).event().before()).containsExactly(1L, "a");
        assertThat(changes.get(1).event().after()).containsExactly(2L, "b");
        assertThat(changes.get(1).event().position())
                .usingRecursiveComparison()
                .isEqualTo(move.position());
        assertThat(changes.get(2).event().before()).isNull();
    }

    @Test
    void aReplacedKeyKeepsItsPlaceAndAMovedKeyGoesLast() {
        buffer.add(upsert(T, insert(S, 1L, "a")));
        buffer.add(upsert(T, insert(S, 2L, "b")));
        buffer.add(upsert(T, insert(S, 3L, "c")));
        buffer.add(upsert(T, update(S, row(1L, "a"), row(1L, "a2"))));
        buffer.add(upsert(T, update(S, row(2L, "b"), row(3L, "b"))));

        assertThat(only())
                .extracting(Change::kind, c -> rowOf(c)[0], c -> rowOf(c)[1])
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.UPSERT, 1L, "a2"),
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.UPSERT, 3L, "b"),
                        org.assertj.core.groups.Tuple.tuple(Change.Kind.DELETE, 2L, "b"));
    }

    private static Object[] rowOf(Change c) {
        return c.kind() == Change.Kind.DELETE ? c.event().before() : c.event().after();
    }

    @Test
    void decodedChangesCarryTheEventsAsTheyArrived() {
        TableSchema other = schema(List.of("id"), "id INT64", "amount DECIMAL(10,2)");
        ChangeEvent first = insert(S, 1L, "a");
        ChangeEvent second = insert(other, 2L, new BigDecimal("2.50"));
        ChangeEvent gone = delete(S, 3L, null);
        buffer.add(record(T, WriteMode.APPEND, first));
        buffer.add(record(T, WriteMode.APPEND, second));
        buffer.add(record(T, WriteMode.APPEND, gone));

        List<Change> changes = only();
        assertThat(changes)
                .extracting(
                        c -> c.event().op(),
                        c -> c.event().schema(),
                        c -> c.event().position().offset(),
                        c -> c.event().table())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                first.op(), S, first.position().offset(), first.table()),
                        org.assertj.core.groups.Tuple.tuple(
                                second.op(), other, second.position().offset(), second.table()),
                        org.assertj.core.groups.Tuple.tuple(
                                gone.op(), S, gone.position().offset(), gone.table()));
        // Schemas are shared, not copied: the committer plans each once.
        assertThat(changes.get(0).event().schema()).isSameAs(S);
        assertThat(changes.get(1).event().after()).containsExactly(2L, new BigDecimal("2.50"));
        assertThat(changes.get(2).event().before()).containsExactly(3L, null);
        assertThat(changes.get(2).event().after()).isNull();
    }

    @Test
    void eachCheckpointIntervalStartsEmptyWhileItsBuffersAreReused() {
        buffer.add(upsert(T, insert(S, 1L, "a")));
        buffer.add(upsert(T, truncate(S)));
        buffer.add(upsert(T, insert(S, 2L, "b")));
        TableBatch first = buffer.drain().get(0);

        buffer.add(upsert(T, insert(S, 3L, "c")));
        buffer.add(upsert(T, insert(S, 2L, "d")));
        TableBatch second = buffer.drain().get(0);

        assertThat(first.truncateFirst()).isTrue();
        assertThat(first.changes())
                .extracting(Change::kind)
                .containsExactly(Change.Kind.TRUNCATE, Change.Kind.UPSERT);
        assertThat(first.changes().get(1).event().after()[1]).isEqualTo("b");
        assertThat(second.truncateFirst()).isFalse();
        assertThat(second.size()).isEqualTo(2);
        assertThat(second.changes())
                .extracting(c -> c.event().after()[1])
                .containsExactly("c", "d");
        assertThat(buffer.drain()).isEmpty();
    }

    /**
     * Random inserts, updates (without a before image, with the same key, with another key) and
     * deletes over a few integer keys, against an insertion-ordered map that does what the
     * reduction promises: the last change per key, in the order keys first came, a moved key's
     * delete put last.
     */
    @Test
    void theReductionOfIntegerKeysMatchesAnOrderedMap() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            java.util.LinkedHashMap<Long, String> expected = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 60; i++) {
                long k = random.nextInt(12);
                String tag = "e" + i;
                int op = random.nextInt(5);
                if (op == 0) {
                    buffer.add(upsert(T, insert(S, k, tag)));
                    expected.put(k, "UPSERT " + tag);
                } else if (op == 1) {
                    buffer.add(upsert(T, update(S, null, row(k, tag))));
                    expected.put(k, "UPSERT " + tag);
                } else if (op == 2) {
                    buffer.add(upsert(T, update(S, row(k, "old"), row(k, tag))));
                    expected.put(k, "UPSERT " + tag);
                } else if (op == 3) {
                    long from = random.nextInt(12);
                    buffer.add(upsert(T, update(S, row(from, "old"), row(k, tag))));
                    if (from != k) {
                        expected.remove(from);
                        expected.put(from, "DELETE " + tag);
                    }
                    expected.put(k, "UPSERT " + tag);
                } else {
                    buffer.add(upsert(T, delete(S, k, tag)));
                    expected.put(k, "DELETE " + tag);
                }
            }
            List<String> actual = new java.util.ArrayList<>();
            for (Change c : only()) {
                Object[] row =
                        c.kind() == Change.Kind.DELETE ? c.event().before() : c.event().after();
                String tag = (String) (c.event().after() != null ? c.event().after() : row)[1];
                actual.add(row[0] + " " + c.kind() + " " + tag);
            }
            List<String> model = new java.util.ArrayList<>();
            expected.forEach((k, v) -> model.add(k + " " + v));
            assertThat(actual).as("round " + round).isEqualTo(model);
        }
    }
}
