package dev.tributary.embedded;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A bounded poll loop: main code cannot use Awaitility, and a fixed sleep is either flaky or slow.
 */
final class Poll {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Poll() {}

    /**
     * Calls {@code condition} until it returns true or {@code timeout} passes. An exception thrown
     * by the condition counts as "not yet" and becomes the cause if the wait gives up.
     *
     * @param reason what we wait for, used in the timeout message
     * @throws IllegalStateException when the timeout passes
     */
    static void until(String reason, Duration timeout, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(
                        "Timed out after " + timeout.toMillis() + " ms waiting for " + reason,
                        last);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(
                    INTERVAL.toMillis()); // the back-off between two checks, not a wait for state
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while polling", e);
        }
    }
}
