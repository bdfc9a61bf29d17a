package dev.tributary.kafka;

import dev.tributary.api.flink.ImmutableValueSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link KafkaRecord}; the record is immutable, so copying is the identity.
 */
public final class KafkaRecordSerializer extends ImmutableValueSerializer<KafkaRecord> {
    private static final long serialVersionUID = 1L;

    public static final KafkaRecordSerializer INSTANCE = new KafkaRecordSerializer();

    @Override
    public void serialize(KafkaRecord r, DataOutputView out) throws IOException {
        out.writeUTF(r.topic());
        out.writeInt(r.partition());
        out.writeLong(r.offset());
        out.writeLong(r.timestamp());
        writeBytes(r.key(), out);
        writeBytes(r.value(), out);
    }

    @Override
    public KafkaRecord deserialize(DataInputView in) throws IOException {
        String topic = in.readUTF();
        int partition = in.readInt();
        long offset = in.readLong();
        long timestamp = in.readLong();
        byte[] key = readBytes(in);
        byte[] value = readBytes(in);
        return new KafkaRecord(topic, partition, offset, timestamp, key, value);
    }

    private static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    @Override
    public TypeSerializerSnapshot<KafkaRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KafkaRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
