package dev.tributary.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.app.cli.TributaryCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo as CI runs it: 60 seconds of capture and apply under a live workload, then a verify that
 * must find the warehouse equal to the shop.
 */
class DemoCommandIT {
    @TempDir Path dir;

    @Test
    void sixtySecondsOfDemoEndWithTheWarehouseEqualToTheShop() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TributaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code =
                cli.execute(
                        "demo",
                        "--duration",
                        "60s",
                        "--rate",
                        "20",
                        "--dir",
                        dir.resolve("demo").toString());

        String text = out.toString();
        assertThat(code).as(text + err).isZero();
        List<String> lines = text.lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("  shop:      psql -h 127.0.0.1 -p "));
        assertThat(lines).anyMatch(l -> l.startsWith("  warehouse: psql -h 127.0.0.1 -p "));
        assertThat(lines)
                .filteredOn(l -> l.matches(" *\\d+s  workload \\d+ tx .*"))
                .hasSizeGreaterThanOrEqualTo(55)
                .last()
                .satisfies(l -> assertThat(l).matches(".*\\| errors 0"));
        assertThat(lines).anyMatch(l -> l.contains("snapshot public.customers"));
        assertThat(text).contains("The warehouse equals the shop.");
        for (String table : ShopSchema.TABLES) {
            assertThat(lines)
                    .anyMatch(l -> l.startsWith("public." + table + " ") && l.endsWith("equal"));
        }
    }
}
