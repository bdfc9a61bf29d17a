package dev.tributary.api.spi;

import java.util.Objects;

/**
 * Where a reader stands against a position taken earlier ({@link ProgressProbe#progress()}).
 * Immutable.
 *
 * @param passed true when the reader has confirmed everything up to the position
 * @param behind how many {@code unit}s the reader trails the position: 0 when it passed, -1 when
 *     unknown (for example when the reader has not confirmed anything yet)
 * @param unit what {@code behind} counts, such as {@code bytes of WAL} or {@code records}; never
 *     null
 * @param detail where the reader stands, for output, such as {@code slot confirmed 0/3A1B300,
 *     active}; never null
 */
public record Progress(boolean passed, long behind, String unit, String detail) {

    public Progress {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(detail, "detail");
        if (passed && behind != 0) {
            throw new IllegalArgumentException("a reader that passed is 0 behind, not " + behind);
        }
        if (behind < -1) {
            throw new IllegalArgumentException("behind is -1 (unknown) or more, not " + behind);
        }
    }

    /** {@code 1234 bytes of WAL behind (detail)}, {@code passed (detail)}, or unknown. */
    public String describe() {
        if (passed) {
            return "passed (" + detail + ")";
        }
        return (behind < 0 ? "unknown distance" : behind + " " + unit) + " behind (" + detail + ")";
    }
}
