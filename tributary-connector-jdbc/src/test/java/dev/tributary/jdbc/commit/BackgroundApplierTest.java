package dev.tributary.jdbc.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundApplierTest {
    private static final BackgroundApplies.Key KEY =
            new BackgroundApplies.Key("shop", "applier-test", 0);

    /** These cases hand over applies of their own; none writes through a connection. */
    private static BatchTransactions noDatabase() {
        throw new AssertionError("no batch of these tests needs a database");
    }

    @Test
    void appliesRunInHandOffOrderOnTheApplierThread() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (BackgroundApplier applier =
                BackgroundApplier.open(KEY, BackgroundApplierTest::noDatabase)) {
            for (int i = 1; i <= 20; i++) {
                String batch = "batch " + i;
                assertThat(
                                applier.submit(
                                        batch,
                                        () ->
                                                log.add(
                                                        batch
                                                                + " on "
                                                                + Thread.currentThread()
                                                                        .getName())))
                        .isTrue();
            }
            applier.awaitApplied();
        }
        assertThat(log).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(log.get(i))
                    .isEqualTo("batch " + (i + 1) + " on tributary-apply-shop-applier-test-0");
        }
    }

    @Test
    void aFailurePoisonsTheApplierAndIsReportedAtEveryWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> applied = new CopyOnWriteArrayList<>();
        BackgroundApplier applier = BackgroundApplier.open(KEY, BackgroundApplierTest::noDatabase);
        applier.submit(
                "batch 1",
                () -> {
                    release.await(10, TimeUnit.SECONDS);
                    throw new IOException("the database said no");
                });
        // Queued behind the failing batch: must not run, or the failed one would look committed.
        applier.submit("batch 2", () -> applied.add("batch 2"));
        release.countDown();

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(applier::awaitApplied)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the background apply of batch 1 failed")
                    .hasMessageContaining("the database said no");
        }
        assertThatThrownBy(() -> applier.submit("batch 3", () -> applied.add("batch 3")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(
                        "refusing to apply batch 3 in the background: the apply of batch 1 failed");
        assertThatThrownBy(applier::close).hasMessageContaining("batch 1");
        assertThat(applied).isEmpty();
    }

    @Test
    void theRegistryFindsTheApplierUntilItCloses() throws Exception {
        BackgroundApplier applier = BackgroundApplier.open(KEY, BackgroundApplierTest::noDatabase);
        assertThat(BackgroundApplies.lookup(KEY)).containsSame(applier);
        assertThat(applier.ownedByCurrentThread()).isTrue();
        assertThat(CompletableFuture.supplyAsync(applier::ownedByCurrentThread).get()).isFalse();

        applier.close();

        assertThat(BackgroundApplies.lookup(KEY)).isEmpty();
        assertThat(applier.submit("batch 1", () -> {})).isFalse();
    }
}
