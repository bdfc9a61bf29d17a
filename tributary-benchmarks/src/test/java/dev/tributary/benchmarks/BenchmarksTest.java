package dev.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmarks' set-up and one pass of each, without JMH's runner: a benchmark that no longer
 * runs, or measures something else than the bench's workload, fails the build instead of printing a
 * figure.
 */
class BenchmarksTest {
    private static final Blackhole BLACKHOLE =
            new Blackhole(
                    "Today's password is swordfish. I understand instantiating Blackholes directly"
                            + " is dangerous.");

    @Test
    void theWorkloadHasTheBenchsMixOfOperations() {
        Map<Op, Long> ops =
                Arrays.stream(Workload.events(false))
                        .collect(Collectors.groupingBy(ChangeEvent::op, Collectors.counting()));

        assertThat(ops.keySet()).containsExactlyInAnyOrder(Op.INSERT, Op.UPDATE, Op.DELETE);
        assertThat(ops.get(Op.INSERT)).isBetween(Workload.KEYS + 0L, Workload.KEYS + 3_000L);
        assertThat(ops.get(Op.DELETE)).isBetween(2_500L, 4_000L);
    }

    @Test
    void bothEnvelopesDecodeToTheSameRows() {
        ChangeEvent[] bare = Workload.events(false);
        ChangeEvent[] envelope = Workload.events(true);

        for (int i = 0; i < bare.length; i += 997) {
            assertThat(envelope[i].op()).isEqualTo(bare[i].op());
            assertThat(envelope[i].after()).isEqualTo(bare[i].after());
            assertThat(envelope[i].schema().primaryKey()).isEqualTo(bare[i].schema().primaryKey());
        }
    }

    @Test
    void everyBenchmarkRuns() {
        for (boolean envelope : new boolean[] {false, true}) {
            DecodeBenchmark decode = new DecodeBenchmark();
            decode.envelope = envelope;
            decode.setUp();
            runs(i -> decode.decode());
            EncodeBenchmark encode = new EncodeBenchmark();
            encode.envelope = envelope;
            encode.setUp();
            runs(
                    i -> {
                        encode.encode(BLACKHOLE);
                        return null;
                    });
        }
        WriterBenchmark writer = new WriterBenchmark();
        writer.batchEvents = 1_000;
        writer.setUp();
        runs(
                i -> {
                    writer.add(BLACKHOLE);
                    return null;
                });
    }

    private static void runs(Function<Integer, Object> invocation) {
        for (int i = 0; i < 3 * Workload.EVENTS; i++) {
            invocation.apply(i);
        }
    }
}
