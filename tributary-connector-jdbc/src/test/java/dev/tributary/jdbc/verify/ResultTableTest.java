package dev.tributary.jdbc.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.event.TableId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    private static final TablePair ORDERS =
            TablePair.of(TableId.of("shop", "orders"), TableId.of("dw", "orders"));
    private static final TablePair CUSTOMERS =
            TablePair.of(TableId.of("shop", "customers"), TableId.of("dw", "customers"));

    private static TableResult equalOrders() {
        Totals totals = new Totals(100_000, 0x1a2b3c4d5e6f7081L);
        return new TableResult(
                ORDERS,
                List.of("region", "id"),
                List.of("region", "id", "total"),
                List.of(),
                List.of("loaded_at"),
                totals,
                totals,
                List.of(),
                false,
                1,
                0,
                List.of(),
                1);
    }

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static TableResult differingCustomers() {
        return new TableResult(
                CUSTOMERS,
                List.of("id"),
                List.of("id", "name"),
                List.of("email"),
                List.of(),
                new Totals(10, -1L),
                new Totals(10, 42L),
                List.of(
                        new Difference(
                                Difference.Kind.MISSING_IN_TARGET,
                                map("id", "4"),
                                map("id", "4", "name", "dan"),
                                Map.of()),
                        new Difference(
                                Difference.Kind.DIFFERENT,
                                map("id", "7"),
                                map("id", "7", "name", "bob"),
                                map("id", "7", "name", null)),
                        new Difference(
                                Difference.Kind.EXTRA_IN_TARGET,
                                map("id", "11"),
                                Map.of(),
                                map("id", "11", "name", "x".repeat(50)))),
                true,
                17,
                48,
                List.of("the target lacks columns email"),
                1);
    }

    @Test
    void oneAlignedLinePerTableThenDifferencesThenSummary() {
        VerifyResult result =
                new VerifyResult(
                        List.of(equalOrders(), differingCustomers()),
                        false,
                        Duration.ZERO,
                        1,
                        Duration.ofMillis(1234));

        assertThat(ResultTable.format(result))
                .isEqualTo(
                        "SOURCE          TARGET        KEY        SOURCE ROWS  TARGET ROWS  SOURCE CHECKSUM   TARGET CHECKSUM   RANGES  FETCHED  RESULT\n"
                                + "shop.orders     dw.orders     region,id       100000       100000  1a2b3c4d5e6f7081  1a2b3c4d5e6f7081       1        0  equal\n"
                                + "shop.customers  dw.customers  id                  10           10  ffffffffffffffff  000000000000002a      17       48  DIFFERENT\n"
                                + "\n"
                                + "shop.customers -> dw.customers: 3 differing keys listed, more differ\n"
                                + "  missing in target  id=4   source: id=4, name=dan\n"
                                + "  different          id=7   name: source bob, target NULL\n"
                                + "  extra in target    id=11  target: id=11, name=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n"
                                + "  note: the target lacks columns email\n"
                                + "\n"
                                + "1 of 2 tables differ (1.2 s).\n");
        assertThat(result.allMatch()).isFalse();
        assertThat(result.caughtUp()).isFalse();
    }

    @Test
    void summarySaysWhetherTheTargetCaughtUp() {
        VerifyResult caughtUp =
                new VerifyResult(
                        List.of(equalOrders()),
                        true,
                        Duration.ofSeconds(30),
                        3,
                        Duration.ofMillis(2100));
        VerifyResult behind =
                new VerifyResult(
                        List.of(equalOrders(), differingCustomers()),
                        true,
                        Duration.ofSeconds(30),
                        31,
                        Duration.ofMillis(30_400));
        VerifyResult once =
                new VerifyResult(
                        List.of(equalOrders()), false, Duration.ZERO, 1, Duration.ofMillis(80));

        assertThat(caughtUp.caughtUp()).isTrue();
        assertThat(ResultTable.format(caughtUp))
                .endsWith("\nThe target caught up: all 1 tables equal after 3 attempts (2.1 s).\n");
        assertThat(behind.caughtUp()).isFalse();
        assertThat(ResultTable.format(behind))
                .endsWith(
                        "\nThe target did NOT catch up within 30.0 s: 1 of 2 tables still differ"
                                + " after 31 attempts (30.4 s).\n");
        assertThat(once.allMatch()).isTrue();
        assertThat(once.caughtUp()).isFalse();
        assertThat(ResultTable.format(once)).endsWith("\nAll 1 tables equal (0.1 s).\n");
    }

    @Test
    void alignPadsLeftAndRightAlignedColumnsWithoutTrailingBlanks() {
        assertThat(
                        ResultTable.align(
                                List.of(
                                        new String[] {"a", "1", "x"},
                                        new String[] {"bbb", "100", ""}),
                                new boolean[] {false, true, false}))
                .isEqualTo("a      1  x\nbbb  100\n");
    }
}
