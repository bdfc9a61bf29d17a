package dev.tributary.kafka.format;

import java.util.SplittableRandom;

/**
 * One random edit of a record's bytes, for the tests that compare byte-level readers with Jackson.
 */
final class RandomEdits {
    private RandomEdits() {}

    /**
     * {@code b} with one byte of {@code alphabet} inserted, or one byte deleted or replaced, at a
     * random position from {@code from} on.
     */
    static byte[] edit(byte[] b, int from, SplittableRandom random, byte[] alphabet) {
        int at = from + random.nextInt(b.length - from + 1);
        byte c = alphabet[random.nextInt(alphabet.length)];
        switch (random.nextInt(3)) {
            case 0: // insert
                byte[] longer = new byte[b.length + 1];
                System.arraycopy(b, 0, longer, 0, at);
                longer[at] = c;
                System.arraycopy(b, at, longer, at + 1, b.length - at);
                return longer;
            case 1: // delete
                if (at == b.length) {
                    return b;
                }
                byte[] shorter = new byte[b.length - 1];
                System.arraycopy(b, 0, shorter, 0, at);
                System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                return shorter;
            default: // replace
                if (at == b.length) {
                    return b;
                }
                byte[] same = b.clone();
                same[at] = c;
                return same;
        }
    }
}
