package dev.tributary.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuAccountTest {

    @Test
    void groupsThreadsByTheirKernelNames() {
        assertThat(CpuAccount.group("C2 CompilerThre")).isEqualTo("JIT compilers");
        assertThat(CpuAccount.group("C1 CompilerThre")).isEqualTo("JIT compilers");
        assertThat(CpuAccount.group("GC Thread#0")).isEqualTo("garbage collector");
        assertThat(CpuAccount.group("G1 Conc#0")).isEqualTo("garbage collector");
        assertThat(CpuAccount.group("Source: kafka:b"))
                .isEqualTo("pipeline task (decode, route, sink writer)");
        assertThat(CpuAccount.group("Source Data Fet")).isEqualTo("kafka source fetcher");
        assertThat(CpuAccount.group("tributary-apply")).isEqualTo("background apply (jdbc)");
        assertThat(CpuAccount.group("data-plane-kafk")).isEqualTo("kafka broker and clients");
        assertThat(CpuAccount.group("flink-pekko.act")).isEqualTo("flink runtime");
        assertThat(CpuAccount.group("Signal Dispatch")).isEqualTo("other JVM threads");
    }

    @Test
    void countsThreadsFromTheStartOrTheirCreationAndEndedOnesInTheTotal() {
        CpuAccount.Snapshot start =
                new CpuAccount.Snapshot(
                        0,
                        1_000,
                        2_000,
                        500,
                        Map.of(
                                "1", new CpuAccount.Thread("JIT compilers", 100),
                                "2", new CpuAccount.Thread("garbage collector", 50),
                                "3", new CpuAccount.Thread("flink runtime", 40)),
                        300);
        // 10 s later on 2 cores: thread 3 ended, thread 4 started.
        CpuAccount.Snapshot end =
                new CpuAccount.Snapshot(
                        10_000_000_000L,
                        2_800,
                        4_000,
                        1_500,
                        Map.of(
                                "1", new CpuAccount.Thread("JIT compilers", 400),
                                "2", new CpuAccount.Thread("garbage collector", 150),
                                "4", new CpuAccount.Thread("pipeline task", 450)),
                        900);

        CpuAccount.Usage usage = end.since(start, 100_000);

        assertThat(usage.seconds()).isEqualTo(10.0);
        assertThat(usage.machineTotal()).isEqualTo(20.0);
        assertThat(usage.machineBusy()).isEqualTo(18.0);
        assertThat(usage.jvm()).isEqualTo(10.0);
        assertThat(usage.postgres()).isEqualTo(6.0);
        assertThat(usage.jvmByGroup())
                .containsEntry("JIT compilers", 3.0)
                .containsEntry("garbage collector", 1.0)
                .containsEntry("pipeline task", 4.5)
                .containsEntry("threads that ended meanwhile", 1.5);
        assertThat(usage.lines())
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .contains("this JVM")
                                        .contains("10.0 s")
                                        .contains("1.00 cores")
                                        .contains("100.00 µs/event"))
                .anySatisfy(l -> assertThat(l).contains("other processes").contains("2.0 s"))
                .anySatisfy(l -> assertThat(l).contains("idle").contains("2.0 s"));
    }
}
