package dev.tributary.app.verify;

import dev.tributary.api.error.RetriableException;
import dev.tributary.api.error.TributaryException;
import dev.tributary.api.event.TableId;
import dev.tributary.api.spi.Progress;
import dev.tributary.api.spi.ProgressProbe;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.runtime.config.ComponentDefinition;
import dev.tributary.runtime.config.PipelineDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Waits until the pipelines between the source database and the target have passed a source
 * position taken at the start. The capture step waits until the first pipeline's source confirmed
 * the source database's log position of the start (for postgres-cdc: its replication slot's {@code
 * confirmed_flush_lsn} reached {@code pg_current_wal_lsn()}). Each step behind a Kafka hop then
 * takes the end offsets of the topics it reads, at the moment the step before it passed, and waits
 * until its consumer group committed them. Every step confirms on a completed checkpoint, so once
 * the last step passed, the target holds every change up to the start position, save the sink's
 * apply of that very checkpoint, which runs in the background.
 *
 * <p>Not thread-safe; owns the probes and closes them.
 */
public final class CatchUp implements AutoCloseable {
    private static final long POLL_MILLIS = 200;

    /** One pipeline's reader to wait for. */
    private record Step(String name, ProgressProbe probe) {}

    private final List<Step> steps;
    private final String untracked;

    private CatchUp(List<Step> steps, String untracked) {
        this.steps = steps;
        this.untracked = untracked;
    }

    /** The steps of {@code plan}: its source, then each file's sources behind a Kafka hop. */
    public static CatchUp of(MirrorPlan plan) {
        List<Step> steps = new ArrayList<>();
        List<PipelineDefinition> files = plan.files();
        ComponentDefinition<SourceFactory> source = plan.sourceComponent();
        String first = files.get(0).settings().name();
        Optional<ProgressProbe> capture =
                source.factory()
                        .progressProbe(first, source.name(), source.options(), plan.tablesRead(0));
        if (capture.isEmpty()) {
            return new CatchUp(
                    List.of(),
                    "source "
                            + source.name()
                            + " ("
                            + source.factory().identifier()
                            + ") of pipeline "
                            + first
                            + " gives no position");
        }
        steps.add(new Step("the capture (pipeline " + first + ")", capture.get()));
        String untracked = null;
        for (int i = 1; i < files.size() && untracked == null; i++) {
            List<TableId> tables = plan.tablesRead(i);
            if (tables.isEmpty()) {
                continue;
            }
            PipelineDefinition def = files.get(i);
            String name = def.settings().name();
            boolean followed = false;
            for (ComponentDefinition<SourceFactory> s : def.sources()) {
                Optional<ProgressProbe> probe =
                        s.factory().progressProbe(name, s.name(), s.options(), tables);
                if (probe.isPresent()) {
                    steps.add(
                            new Step(
                                    "pipeline " + name + " (source " + s.name() + ")",
                                    probe.get()));
                    followed = true;
                }
            }
            if (!followed) {
                untracked = "no source of pipeline " + name + " gives a position";
            }
        }
        return new CatchUp(steps, untracked);
    }

    /** True when there is a position to wait for; false when the source gives none. */
    public boolean tracks() {
        return !steps.isEmpty();
    }

    /**
     * Why the wait cannot follow the changes all the way to the target (the first source or a later
     * pipeline gives no position), or null when it can.
     */
    public String untracked() {
        return untracked;
    }

    /** How a wait ended. */
    public record Outcome(boolean passed, Duration elapsed) {}

    /**
     * Takes the start position and waits for each step in turn, up to {@code timeout} in all.
     * Prints what it took and when each step passed, or, at the timeout, which step did not and how
     * far behind it is.
     *
     * @param out receives one line at a time
     * @throws IllegalStateException when {@link #tracks()} is false
     * @throws TributaryException when a log refuses a request
     */
    public Outcome await(Duration timeout, Consumer<String> out) {
        if (steps.isEmpty()) {
            throw new IllegalStateException("nothing to wait for");
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String mark = steps.get(0).probe().mark();
        out.accept(
                "Source position "
                        + mark
                        + " taken at start ("
                        + steps.get(0).probe().description()
                        + ").");
        for (int k = 0; k < steps.size(); k++) {
            Step step = steps.get(k);
            if (k > 0) {
                mark = step.probe().mark();
                out.accept(
                        "  Then "
                                + step.name()
                                + " has to pass "
                                + mark
                                + "; "
                                + step.probe().description()
                                + ".");
            }
            Progress last = null;
            String failure = null;
            while (true) {
                try {
                    last = step.probe().progress();
                    failure = null;
                } catch (RetriableException e) {
                    // The log is unreachable for now (a restart): keep trying until the timeout.
                    failure = e.getMessage();
                }
                if (last != null && last.passed() && failure == null) {
                    out.accept(
                            "  "
                                    + step.name()
                                    + " passed it after "
                                    + seconds(System.nanoTime() - start)
                                    + " ("
                                    + last.detail()
                                    + ").");
                    break;
                }
                if (System.nanoTime() - deadline >= 0) {
                    out.accept(
                            "The target did NOT catch up within "
                                    + seconds(timeout.toNanos())
                                    + ": "
                                    + step.name()
                                    + " has not passed "
                                    + mark
                                    + " ("
                                    + step.probe().description()
                                    + "): "
                                    + (failure != null
                                            ? "cannot tell, " + failure
                                            : last.describe())
                                    + ".");
                    return new Outcome(false, Duration.ofNanos(System.nanoTime() - start));
                }
                pause(deadline);
            }
        }
        return new Outcome(true, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void pause(long deadline) {
        long millis = Math.min(POLL_MILLIS, (deadline - System.nanoTime()) / 1_000_000 + 1);
        try {
            // The wait between two looks at a reader's position, not a wait for state.
            Thread.sleep(Math.max(millis, 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryException("verify was interrupted while waiting to catch up");
        }
    }

    /** {@code 1.2 s}. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    @Override
    public void close() {
        for (Step s : steps) {
            s.probe().close();
        }
    }
}
