package dev.tributary.app.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Waits until the JIT compilers of this JVM have gone quiet: the end of a warm-up. Events applied
 * are not enough: on two cores the single C2 compiler thread lags the code it is asked to compile
 * by seconds, so a warm-up that ends when its events are in still leaves the hot path's final
 * compilations, and their CPU, to the measured run.
 */
final class JitQuiet {
    /** Compile time per second below which the compilers count as quiet: 2% of one core. */
    private static final long QUIET_MILLIS_PER_SECOND = 20;

    private static final Duration WINDOW = Duration.ofSeconds(1);

    /** How long it waited, and the compile time spent meanwhile; -1 ms when not measurable. */
    record Result(double seconds, long compileMillis, boolean quiet) {}

    private JitQuiet() {}

    /**
     * Polls the JVM's total compilation time once per second until one second adds less than
     * {@value #QUIET_MILLIS_PER_SECOND} ms of it, or {@code atMost} has passed.
     */
    static Result await(Duration atMost) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return new Result(0, -1, false);
        }
        long started = System.nanoTime();
        long deadline = started + atMost.toNanos();
        long first = jit.getTotalCompilationTime();
        long previous = first;
        while (System.nanoTime() < deadline) {
            Thread.sleep(WINDOW.toMillis()); // sampling a rate, not waiting for an outcome
            long now = jit.getTotalCompilationTime();
            if (now - previous < QUIET_MILLIS_PER_SECOND) {
                return new Result((System.nanoTime() - started) / 1e9, now - first, true);
            }
            previous = now;
        }
        return new Result(
                (System.nanoTime() - started) / 1e9, jit.getTotalCompilationTime() - first, false);
    }
}
