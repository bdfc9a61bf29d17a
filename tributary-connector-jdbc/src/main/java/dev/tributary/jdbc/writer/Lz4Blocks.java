package dev.tributary.jdbc.writer;

import java.io.IOException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Compresses a batch's records for the checkpoint in LZ4's block format, with the library Flink
 * itself ships. The Java implementations only: no native library is extracted, and the checked
 * decompressor reads a restored checkpoint, so a damaged one fails with an error instead of reading
 * out of bounds. Stateless and thread-safe.
 */
final class Lz4Blocks {
    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR =
            LZ4Factory.safeInstance().safeDecompressor();

    private Lz4Blocks() {}

    /** {@code raw[0, length)} compressed. */
    static EncodedChanges.Compressed compress(byte[] raw, int length) {
        byte[] out = new byte[COMPRESSOR.maxCompressedLength(length)];
        int n = COMPRESSOR.compress(raw, 0, length, out, 0, out.length);
        return new EncodedChanges.Compressed(out, n);
    }

    /**
     * The {@code rawLength} bytes that {@code compressed[0, length)} holds.
     *
     * @throws IOException when the block is damaged or holds another number of bytes
     */
    static byte[] decompress(byte[] compressed, int length, int rawLength) throws IOException {
        if (rawLength < 0) {
            throw new IOException("corrupt compressed batch: a length of " + rawLength + " bytes");
        }
        byte[] raw = new byte[rawLength];
        int n;
        try {
            n = DECOMPRESSOR.decompress(compressed, 0, length, raw, 0, rawLength);
        } catch (LZ4Exception e) {
            throw new IOException("corrupt compressed batch: " + e.getMessage(), e);
        }
        if (n != rawLength) {
            throw new IOException(
                    "corrupt compressed batch: " + n + " bytes instead of " + rawLength);
        }
        return raw;
    }
}
