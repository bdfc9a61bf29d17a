package dev.tributary.jdbc.commit;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an attempt again after passing failures, waiting {@code backoff}, then twice as long each
 * time up to 30 s, at most {@code maxRetries} times; logs each failed attempt at WARN. Fatal
 * failures and the last passing one are thrown as {@link IOException}, which fails the Flink
 * checkpoint or job so that it restarts from the last checkpoint. Stateless apart from its
 * settings; thread-safe.
 */
public final class Retry {
    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);
    static final Duration CAP = Duration.ofSeconds(30);

    /** One attempt. */
    public interface Attempt<T> {
        T run() throws Exception;
    }

    private final int maxRetries;
    private final Duration backoff;
    private final Predicate<Exception> passing;
    private final Function<Exception, String> describe;

    /**
     * @param passing tells passing failures from fatal ones
     * @param describe the context and cause of a failure for log lines and messages (pipeline,
     *     table, SQLState, message), with secrets masked
     */
    public Retry(
            int maxRetries,
            Duration backoff,
            Predicate<Exception> passing,
            Function<Exception, String> describe) {
        this.maxRetries = Math.max(0, maxRetries);
        this.backoff = backoff;
        this.passing = passing;
        this.describe = describe;
    }

    public <T> T run(String what, Attempt<T> attempt) throws IOException, InterruptedException {
        long waitMs = Math.max(1, backoff.toMillis());
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!passing.test(e)) {
                    throw new IOException(what + " failed: " + describe.apply(e), e);
                }
                if (n > maxRetries) {
                    throw new IOException(
                            what + " failed after " + n + " attempts: " + describe.apply(e), e);
                }
                LOG.warn(
                        "{}: attempt {} of {} failed, retrying in {} ms: {}",
                        what,
                        n,
                        maxRetries + 1,
                        waitMs,
                        describe.apply(e));
                Thread.sleep(waitMs);
                waitMs = Math.min(waitMs * 2, CAP.toMillis());
            }
        }
    }
}
