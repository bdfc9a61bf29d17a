package dev.tributary.jdbc;

import dev.tributary.jdbc.commit.JdbcCommittable;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;

/** A commit request as Flink's committer operator hands it over: a seam, not a mock. */
public final class TestRequest implements CommitRequest<JdbcCommittable> {
    private final JdbcCommittable committable;
    public boolean alreadyCommitted;
    public Throwable failure;
    public boolean retryLater;

    public TestRequest(JdbcCommittable committable) {
        this.committable = committable;
    }

    @Override
    public JdbcCommittable getCommittable() {
        return committable;
    }

    @Override
    public int getNumberOfRetries() {
        return 0;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
        failure = t;
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
        failure = t;
    }

    @Override
    public void retryLater() {
        retryLater = true;
    }

    @Override
    public void updateAndRetryLater(JdbcCommittable committable) {
        retryLater = true;
    }

    @Override
    public void signalAlreadyCommitted() {
        alreadyCommitted = true;
    }
}
