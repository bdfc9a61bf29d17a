package dev.tributary.jdbc.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Lz4BlocksTest {
    /** Repetitive like a batch's records (table and topic names), with random parts. */
    private static byte[] records() {
        Random random = new Random(7);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            s.append("shop.public.orders|").append(i).append('|').append(random.nextInt(1_000_000));
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordsComeBackAsTheyWere() throws IOException {
        byte[] raw = records();

        EncodedChanges.Compressed block = Lz4Blocks.compress(raw, raw.length);

        assertThat(block.length()).isLessThan(raw.length / 2);
        assertThat(Lz4Blocks.decompress(block.array(), block.length(), raw.length)).isEqualTo(raw);
    }

    @Test
    void onlyTheGivenLengthIsCompressed() throws IOException {
        byte[] raw = records();
        byte[] buffer = Arrays.copyOf(raw, raw.length + 4096);

        EncodedChanges.Compressed block = Lz4Blocks.compress(buffer, raw.length);

        assertThat(Lz4Blocks.decompress(block.array(), block.length(), raw.length)).isEqualTo(raw);
    }

    @Test
    void aDamagedBlockIsReportedNotRead() {
        byte[] raw = records();
        EncodedChanges.Compressed block = Lz4Blocks.compress(raw, raw.length);

        assertThatThrownBy(
                        () -> Lz4Blocks.decompress(block.array(), block.length(), raw.length + 1))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "corrupt compressed batch: "
                                + raw.length
                                + " bytes instead of "
                                + (raw.length + 1));
        assertThatThrownBy(
                        () -> Lz4Blocks.decompress(block.array(), block.length() / 2, raw.length))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("corrupt compressed batch: ");
        assertThatThrownBy(
                        () -> Lz4Blocks.decompress(block.array(), block.length(), raw.length - 1))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("corrupt compressed batch: ");
    }

    @Test
    void aDamagedLengthIsReportedNotAllocated() {
        byte[] raw = records();
        EncodedChanges.Compressed block = Lz4Blocks.compress(raw, raw.length);

        assertThatThrownBy(() -> Lz4Blocks.decompress(block.array(), block.length(), -3))
                .isInstanceOf(IOException.class)
                .hasMessage("corrupt compressed batch: a length of -3 bytes");
    }

    @Test
    void anEmptyBatchCompresses() throws IOException {
        EncodedChanges.Compressed block = Lz4Blocks.compress(new byte[0], 0);

        assertThat(Lz4Blocks.decompress(block.array(), block.length(), 0)).isEmpty();
    }
}
