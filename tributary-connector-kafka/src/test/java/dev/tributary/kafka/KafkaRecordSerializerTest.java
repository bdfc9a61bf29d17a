package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class KafkaRecordSerializerTest {

    private static KafkaRecord roundTrip(KafkaRecord r) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        KafkaRecord.TYPE
                .createSerializer(new org.apache.flink.api.common.ExecutionConfig())
                .serialize(r, out);
        return KafkaRecordSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void recordSurvivesARoundTripWithKeyAndValue() throws Exception {
        KafkaRecord r =
                new KafkaRecord(
                        "shop.public.orders",
                        3,
                        1234L,
                        1_700_000_000_000L,
                        "{\"id\":1}".getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8));

        KafkaRecord back = roundTrip(r);

        assertThat(back.topic()).isEqualTo("shop.public.orders");
        assertThat(back.partition()).isEqualTo(3);
        assertThat(back.offset()).isEqualTo(1234L);
        assertThat(back.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(back.key()).isEqualTo(r.key());
        assertThat(back.value()).isEqualTo(r.value());
    }

    @Test
    void nullKeyAndTombstoneValueStayNull() throws Exception {
        KafkaRecord back = roundTrip(new KafkaRecord("t", 0, 0, -1, null, null));

        assertThat(back.key()).isNull();
        assertThat(back.value()).isNull();
        assertThat(back.timestamp()).isEqualTo(-1);
    }

    @Test
    void copyIsTheIdentityBecauseTheRecordIsImmutable() {
        KafkaRecord r = new KafkaRecord("t", 0, 0, 0, null, new byte[] {1});

        assertThat(KafkaRecordSerializer.INSTANCE.copy(r)).isSameAs(r);
        assertThat(KafkaRecordSerializer.INSTANCE.isImmutableType()).isTrue();
    }
}
