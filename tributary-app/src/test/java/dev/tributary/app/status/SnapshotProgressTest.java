package dev.tributary.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotProgressTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration IDLE = Duration.ofSeconds(30);

    private static TableStatus status(String table, String phase, long rows) {
        return new TableStatus("p", table, phase, rows, rows, 0, null, null, null, null, T0);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void barShowsRowsOfTheEstimateRateAndEta() {
        assertThat(SnapshotProgress.bar("  ", "public.orders", 2500, 10000, 500, false))
                .isEqualTo(
                        "  snapshot public.orders        [######------------------] 2500 of ~10000"
                                + " (25%) 500 rows/s ETA 15 s");
        assertThat(SnapshotProgress.bar("", "t", 0, 10000, 0, false)).endsWith("0 rows/s ETA ?");
        assertThat(SnapshotProgress.bar("", "t", 100, 400_000, 1, false))
                .endsWith("ETA 111 h 5 min");
        assertThat(SnapshotProgress.bar("", "t", 1000, 7000, 50, false)).endsWith("ETA 2 min 0 s");
    }

    @Test
    void moreRowsThanEstimatedShowAFullBarAtOneHundredPercent() {
        assertThat(SnapshotProgress.bar("", "t", 1200, 1000, 100, true))
                .isEqualTo(
                        "snapshot t                    [########################] 1200 of ~1000"
                                + " (100%) 100 rows/s done");
        assertThat(SnapshotProgress.percent(0, 0)).isEqualTo(100);
        assertThat(SnapshotProgress.percent(999, 1000)).isEqualTo(99);
    }

    @Test
    void rateCountsFromWhenTheTableStartedAndTheLastBarSaysDone() {
        Map<String, Long> estimates = new LinkedHashMap<>();
        estimates.put("public.a", 1000L);
        estimates.put("public.b", 400L);
        SnapshotProgress p = new SnapshotProgress(estimates, IDLE, "");

        assertThat(p.lines(List.of(), at(0)))
                .containsExactly(
                        SnapshotProgress.bar("", "public.a", 0, 1000, 0, false),
                        SnapshotProgress.bar("", "public.b", 0, 400, 0, false));
        // a: 500 rows in 2 s; b waits for its turn.
        assertThat(p.lines(List.of(status("public.a", "snapshot", 500)), at(2)))
                .containsExactly(
                        SnapshotProgress.bar("", "public.a", 500, 1000, 250, false),
                        SnapshotProgress.bar("", "public.b", 0, 400, 0, false));
        assertThat(p.lines(List.of(status("public.a", "snapshot", 1000)), at(4)).get(0))
                .endsWith("1000 of ~1000 (100%) 250 rows/s finishing");
        // a stopped growing at its estimate: its last bar. b's rate counts from 4 s, when it
        // still stood at 0, not from 0 s.
        List<String> lines =
                p.lines(
                        List.of(
                                status("public.a", "snapshot", 1000),
                                status("public.b", "snapshot", 200)),
                        at(6));
        assertThat(lines)
                .containsExactly(
                        SnapshotProgress.bar("", "public.a", 1000, 1000, 1000 / 6.0, true),
                        SnapshotProgress.bar("", "public.b", 200, 400, 100, false));
        assertThat(lines.get(1)).endsWith("(50%) 100 rows/s ETA 2 s");
        assertThat(p.finished()).isFalse();

        // b streams now: one last bar, below its estimate, then nothing.
        assertThat(
                        p.lines(
                                List.of(
                                        status("public.a", "streaming", 1000),
                                        status("public.b", "streaming", 390)),
                                at(8)))
                .containsExactly(SnapshotProgress.bar("", "public.b", 390, 400, 97.5, true));
        assertThat(p.finished()).isTrue();
        assertThat(p.lines(List.of(), at(10))).isEmpty();
    }

    @Test
    void aStartedTableWhoseRowsStandStillForTheIdleLimitIsFinished() {
        SnapshotProgress p = new SnapshotProgress(Map.of("t", 5000L), IDLE, "");
        p.lines(List.of(status("t", "snapshot", 0)), at(0));
        p.lines(List.of(status("t", "snapshot", 4000)), at(10));
        assertThat(p.lines(List.of(status("t", "snapshot", 4000)), at(39)).get(0))
                .endsWith("ETA 10 s");
        assertThat(p.finished()).isFalse();

        assertThat(p.lines(List.of(status("t", "snapshot", 4000)), at(40)).get(0))
                .endsWith("4000 of ~5000 (80%) 100 rows/s done");
        assertThat(p.finished()).isTrue();
    }

    @Test
    void aTableThatHasNotStartedWaitsBeyondTheIdleLimit() {
        SnapshotProgress p = new SnapshotProgress(Map.of("t", 5000L), IDLE, "");
        p.lines(List.of(), at(0));
        assertThat(p.lines(List.of(), at(120))).hasSize(1);
        assertThat(p.finished()).isFalse();
    }

    @Test
    void aResumedPipelineWhoseSnapshotIsDoneShowsOneDoneBar() {
        SnapshotProgress p = new SnapshotProgress(Map.of("t", 10L), IDLE, "");
        assertThat(p.lines(List.of(status("t", "snapshot", 10)), at(0)))
                .containsExactly(SnapshotProgress.bar("", "t", 10, 10, 0, true));
        assertThat(p.finished()).isTrue();
    }
}
