package dev.tributary.jdbc.writer;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Binary form of {@link JdbcWriterState}; version 1 is the subtask (int) and sequence (long). */
public final class JdbcWriterStateSerializer implements SimpleVersionedSerializer<JdbcWriterState> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(JdbcWriterState state) {
        return ByteBuffer.allocate(12).putInt(state.subtask()).putLong(state.sequence()).array();
    }

    @Override
    public JdbcWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION || serialized.length != 12) {
            throw new IOException(
                    "unknown jdbc writer state (version "
                            + version
                            + ", "
                            + serialized.length
                            + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(serialized);
        return new JdbcWriterState(b.getInt(), b.getLong());
    }
}
