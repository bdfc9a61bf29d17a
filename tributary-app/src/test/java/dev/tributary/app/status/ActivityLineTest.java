package dev.tributary.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityLineTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private final ActivityLine line = new ActivityLine("shop: ");

    @Test
    void theFirstReadingOnlyTakesTheTotalsAndAnUnchangedOneSaysNothing() {
        assertThat(line.next(rows(100, 2, 0), TEN_SECONDS)).isEmpty();
        assertThat(line.next(rows(100, 2, 0), TEN_SECONDS)).isEmpty();
    }

    @Test
    void aChangeIsCountedWithItsRateTheErrorsTheNewestLagAndPosition() {
        line.next(rows(100, 2, 0), TEN_SECONDS);

        assertThat(line.next(rows(1_600, 3, 10), TEN_SECONDS))
                .contains(
                        "shop: 1,600 events applied to 2 tables (+1,500 in 10 s, 150/s) | 3"
                                + " errors (+1) | lag 1.5 s | at shop.public.orders-0@1700");
    }

    @Test
    void newErrorsAloneAreWorthALine() {
        line.next(rows(100, 2, 0), TEN_SECONDS);

        assertThat(line.next(rows(100, 3, 0), TEN_SECONDS))
                .contains(
                        "shop: 100 events applied to 2 tables (+0 in 10 s, 0.0/s) | 3 errors (+1)"
                                + " | lag 1.5 s | at shop.public.orders-0@1700");
    }

    @Test
    void aSlowRateKeepsADecimal() {
        line.next(rows(100, 2, 0), TEN_SECONDS);

        assertThat(line.next(rows(105, 2, 0), TEN_SECONDS).orElseThrow())
                .startsWith("shop: 105 events applied to 2 tables (+5 in 10 s, 0.5/s)");
    }

    /**
     * Two target tables, {@code orders} newer than {@code customers}, and the error table's row,
     * whose events are the errors.
     */
    private static List<TableStatus> rows(long events, long errors, long laterBy) {
        return List.of(
                new TableStatus(
                        "shop",
                        "public.customers",
                        "streaming",
                        0,
                        40,
                        0,
                        "shop.public.customers-0@50",
                        AT,
                        9_000L,
                        null,
                        AT),
                new TableStatus(
                        "shop",
                        "public.orders",
                        "streaming",
                        0,
                        events - 40,
                        errors - 1,
                        "shop.public.orders-0@1700",
                        AT,
                        1_500L,
                        null,
                        AT.plusSeconds(1 + laterBy)),
                new TableStatus(
                        "shop",
                        "_tributary_errors",
                        "errors",
                        0,
                        1,
                        1,
                        "shop.public.orders-0@3",
                        AT,
                        4_000L,
                        null,
                        AT.plusSeconds(60)));
    }
}
