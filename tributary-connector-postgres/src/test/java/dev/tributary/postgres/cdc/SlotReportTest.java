package dev.tributary.postgres.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotReportTest {
    @Test
    void bytesAreShownInBinaryUnitsWithOneDecimal() {
        assertThat(SlotReport.bytes(0)).isEqualTo("0 B");
        assertThat(SlotReport.bytes(1023)).isEqualTo("1023 B");
        assertThat(SlotReport.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(SlotReport.bytes(16L * 1024 * 1024)).isEqualTo("16.0 MiB");
        assertThat(SlotReport.bytes(5L * 1024 * 1024 * 1024 * 1024)).isEqualTo("5.0 TiB");
    }
}
