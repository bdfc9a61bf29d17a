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
import dev.tributary.jdbc.writer.Change;
import dev.tributary.jdbc.writer.JdbcWriterState;
import dev.tributary.jdbc.writer.JdbcWriterStateSerializer;
import dev.tributary.jdbc.writer.TableBatch;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerializersTest {
    private static final TableSchema S = schema(List.of("id"), "id INT64", "amount DECIMAL(10,2)", "d DATE");

    @Test
    void aCommittableSurvivesTheRoundTrip() throws IOException {
        JdbcCommittable c = new JdbcCommittable("shop", "warehouse", 3, 17, List.of(
                new TableBatch(TableId.parse("db.public.orders"), WriteMode.UPSERT, true, List.of(
                        new Change(Change.Kind.UPSERT, insert(S, 1L, new BigDecimal("1.25"), LocalDate.of(2024, 1, 2))),
                        new Change(Change.Kind.DELETE, delete(S, 2L, null, null)))),
                new TableBatch(TableId.parse("errors"), WriteMode.INSERT, false, List.of(
                        new Change(Change.Kind.AS_IS, insert(S, 3L, null, null))))));
        JdbcCommittableSerializer serializer = new JdbcCommittableSerializer();

        JdbcCommittable back = serializer.deserialize(serializer.getVersion(), serializer.serialize(c));

        assertThat(back.pipeline()).isEqualTo("shop");
        assertThat(back.sink()).isEqualTo("warehouse");
        assertThat(back.subtask()).isEqualTo(3);
        assertThat(back.sequence()).isEqualTo(17);
        assertThat(back.tables()).extracting(TableBatch::target, TableBatch::mode, TableBatch::truncateFirst)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TableId.parse("db.public.orders"), WriteMode.UPSERT, true),
                        org.assertj.core.groups.Tuple.tuple(TableId.parse("errors"), WriteMode.INSERT, false));
        Change first = back.tables().get(0).changes().get(0);
        assertThat(first.kind()).isEqualTo(Change.Kind.UPSERT);
        assertThat(first.event().after()).containsExactly(1L, new BigDecimal("1.25"), LocalDate.of(2024, 1, 2));
        assertThat(first.event().schema()).isEqualTo(S);
        assertThat(back.tables().get(0).changes().get(1).kind()).isEqualTo(Change.Kind.DELETE);
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[0])).hasMessageContaining("unknown version 99");
    }

    @Test
    void onlyTheRowImagesTheCommitterReadsAreStored() throws IOException {
        TableId t = TableId.parse("orders");
        ChangeEvent update = Events.update(S, Events.row(1L, new BigDecimal("1.00"), null),
                Events.row(2L, new BigDecimal("2.00"), null));
        JdbcCommittable c = new JdbcCommittable("shop", "warehouse", 0, 1, List.of(
                new TableBatch(t, WriteMode.UPSERT, false, List.of(
                        new Change(Change.Kind.UPSERT, update),
                        new Change(Change.Kind.DELETE, update),
                        new Change(Change.Kind.AS_IS, update))),
                new TableBatch(TableId.parse("history"), WriteMode.APPEND, false, List.of(
                        new Change(Change.Kind.AS_IS, update),
                        new Change(Change.Kind.AS_IS, delete(S, 3L, null, null))))));
        JdbcCommittableSerializer serializer = new JdbcCommittableSerializer();

        JdbcCommittable back = serializer.deserialize(serializer.getVersion(), serializer.serialize(c));

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
}
