package dev.tributary.jdbc.verify;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a verify run narrows differences and how long it waits for the target to catch up; see {@link
 * VerifyOptions}. Immutable.
 *
 * @param maxDifferences differing keys reported per table; 0 turns narrowing off
 * @param leafRows rows per side at or below which a range is compared row by row
 * @param fanout ranges a differing range is cut into
 * @param catchUpTimeout how long to compare again while tables differ; zero compares once
 * @param catchUpInterval wait between two comparisons
 */
public record VerifySettings(
        int maxDifferences,
        int leafRows,
        int fanout,
        Duration catchUpTimeout,
        Duration catchUpInterval) {

    private static final int MAX_FANOUT = 1000;

    public VerifySettings {
        Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
        Objects.requireNonNull(catchUpInterval, "catchUpInterval");
        check(maxDifferences >= 0, VerifyOptions.MAX_DIFFERENCES, maxDifferences, "0 or more");
        check(leafRows >= 1, VerifyOptions.LEAF_ROWS, leafRows, "1 or more");
        check(
                fanout >= 2 && fanout <= MAX_FANOUT,
                VerifyOptions.FANOUT,
                fanout,
                "from 2 to " + MAX_FANOUT);
        check(
                !catchUpTimeout.isNegative(),
                VerifyOptions.CATCH_UP_TIMEOUT,
                catchUpTimeout,
                "0 or more");
        check(
                !catchUpInterval.isNegative() && !catchUpInterval.isZero(),
                VerifyOptions.CATCH_UP_INTERVAL,
                catchUpInterval,
                "more than 0");
    }

    /** The defaults of {@link VerifyOptions}: compare once, narrow to 10 keys. */
    public static VerifySettings defaults() {
        return new VerifySettings(
                VerifyOptions.MAX_DIFFERENCES.defaultValue(),
                VerifyOptions.LEAF_ROWS.defaultValue(),
                VerifyOptions.FANOUT.defaultValue(),
                VerifyOptions.CATCH_UP_TIMEOUT.defaultValue(),
                VerifyOptions.CATCH_UP_INTERVAL.defaultValue());
    }

    /**
     * Reads validated options.
     *
     * @throws ConfigException naming the key when a value is out of range
     */
    public static VerifySettings from(Options options) {
        try {
            return new VerifySettings(
                    options.get(VerifyOptions.MAX_DIFFERENCES),
                    options.get(VerifyOptions.LEAF_ROWS),
                    options.get(VerifyOptions.FANOUT),
                    options.get(VerifyOptions.CATCH_UP_TIMEOUT),
                    options.get(VerifyOptions.CATCH_UP_INTERVAL));
        } catch (ConfigException e) {
            throw new ConfigException(options.path() + "." + e.getMessage());
        }
    }

    /** The same settings waiting up to {@code timeout} for the target to catch up. */
    public VerifySettings withCatchUpTimeout(Duration timeout) {
        return new VerifySettings(maxDifferences, leafRows, fanout, timeout, catchUpInterval);
    }

    /** True when the run compares again while tables differ. */
    public boolean waits() {
        return !catchUpTimeout.isZero();
    }

    private static void check(boolean ok, ConfigOption<?> option, Object value, String allowed) {
        if (!ok) {
            Object shown = value instanceof Duration ? ((Duration) value).toMillis() + "ms" : value;
            throw new ConfigException(option.key() + ": found " + shown + ", expected " + allowed);
        }
    }
}
