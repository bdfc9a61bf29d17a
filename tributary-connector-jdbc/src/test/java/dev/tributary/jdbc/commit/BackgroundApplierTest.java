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

    @Test
    void appliesRunInHandOffOrderOnTheApplierThread() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (BackgroundApplier applier = BackgroundApplier.open(KEY)) {
            for (int i = 1; i <= 20; i++) {
                String batch = "batch " + i;
                assertThat(
                                applier.submit(
                                        batch(i),
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
        BackgroundApplier applier = BackgroundApplier.open(KEY);
        applier.submit(
                batch(1),
                () -> {
                    release.await(10, TimeUnit.SECONDS);
                    throw new IOException("the database said no");
                });
        // Queued behind the failing batch: must not run, or the failed one would look committed.
        applier.submit(batch(2), () -> applied.add("batch 2"));
        release.countDown();

        assertThatThrownBy(() -> applier.pending(1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the database said no");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(applier::awaitApplied)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the background apply of batch 1 of shop/applier-test/0")
                    .hasMessageContaining("the database said no");
        }
        assertThatThrownBy(() -> applier.submit(batch(3), () -> applied.add("batch 3")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(
                        "refusing to apply batch 3 of shop/applier-test/0 (0 tables, 0 changes)"
                                + " in the background: the apply of batch 1");
        assertThatThrownBy(applier::close).hasMessageContaining("batch 1");
        assertThat(applied).isEmpty();
    }

    @Test
    void theRegistryFindsTheApplierUntilItCloses() throws Exception {
        BackgroundApplier applier = BackgroundApplier.open(KEY);
        assertThat(BackgroundApplies.lookup(KEY)).containsSame(applier);
        assertThat(applier.ownedByCurrentThread()).isTrue();
        assertThat(CompletableFuture.supplyAsync(applier::ownedByCurrentThread).get()).isFalse();

        applier.close();

        assertThat(BackgroundApplies.lookup(KEY)).isEmpty();
        assertThat(applier.submit(batch(1), () -> {})).isFalse();
    }

    @Test
    void pendingNamesTheBatchesNotAppliedYetAndWaitsWhenMoreAreBehind() throws Exception {
        CountDownLatch release1 = new CountDownLatch(1);
        CountDownLatch release2 = new CountDownLatch(1);
        List<String> applied = new CopyOnWriteArrayList<>();
        try (BackgroundApplier applier = BackgroundApplier.open(KEY)) {
            JdbcCommittable first = batch(1);
            JdbcCommittable second = batch(2);
            applier.submit(first, () -> awaitThenLog(release1, applied, "batch 1"));
            applier.submit(second, () -> awaitThenLog(release2, applied, "batch 2"));
            assertThat(applier.pending(2)).containsExactly(first, second);

            // With at most one allowed behind, the call waits until batch 1 is applied.
            CompletableFuture<List<JdbcCommittable>> oneBehind =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return applier.pending(1);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            assertThat(oneBehind).isNotDone();
            release1.countDown();
            assertThat(oneBehind.get(10, TimeUnit.SECONDS)).containsExactly(second);

            // Handed over again by a later checkpoint: applied once only.
            applier.submit(first, () -> applied.add("batch 1 again"));
            applier.submit(second, () -> applied.add("batch 2 again"));
            release2.countDown();
            applier.awaitApplied();
            applier.submit(second, () -> applied.add("batch 2 once more"));
            applier.awaitApplied();
            assertThat(applier.pending(0)).isEmpty();
        }
        assertThat(applied).containsExactly("batch 1", "batch 2");
    }

    private static void awaitThenLog(CountDownLatch release, List<String> log, String entry)
            throws InterruptedException {
        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
        log.add(entry);
    }

    private static JdbcCommittable batch(long sequence) {
        return new JdbcCommittable(KEY.pipeline(), KEY.sink(), KEY.subtask(), sequence, List.of());
    }
}
