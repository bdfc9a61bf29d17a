package dev.tributary.jdbc.verify;

import dev.tributary.api.config.ConfigOption;
import java.time.Duration;
import java.util.List;

/** The options of a verify run, read by {@link VerifySettings#from}. */
public final class VerifyOptions {
    private VerifyOptions() {}

    public static final ConfigOption<Integer> MAX_DIFFERENCES =
            ConfigOption.integer("max-differences")
                    .defaultValue(10)
                    .description(
                            "How many differing keys to report per table; 0 compares counts and"
                                    + " checksums only, without narrowing down to rows.");

    public static final ConfigOption<Integer> LEAF_ROWS =
            ConfigOption.integer("leaf-rows")
                    .defaultValue(256)
                    .description(
                            "A key range with at most this many rows on either side is compared"
                                    + " row by row; larger ranges are cut further.");

    public static final ConfigOption<Integer> FANOUT =
            ConfigOption.integer("fanout")
                    .defaultValue(16)
                    .description("Into how many key ranges a differing range is cut (2 to 1000).");

    public static final ConfigOption<Duration> CATCH_UP_TIMEOUT =
            ConfigOption.duration("catch-up-timeout")
                    .defaultValue(Duration.ZERO)
                    .description(
                            "While changes still flow: compare the tables that differ again until"
                                    + " they match or this time has passed; 0 compares once.");

    public static final ConfigOption<Duration> CATCH_UP_INTERVAL =
            ConfigOption.duration("catch-up-interval")
                    .defaultValue(Duration.ofSeconds(1))
                    .description("Wait between two comparisons while catching up.");

    /** Every option, in the order the reference lists them. */
    public static final List<ConfigOption<?>> ALL =
            List.of(MAX_DIFFERENCES, LEAF_ROWS, FANOUT, CATCH_UP_TIMEOUT, CATCH_UP_INTERVAL);
}
