package dev.tributary.app.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;

/**
 * A Java Flight Recorder recording of this JVM: execution samples every 10 ms per thread,
 * allocation samples and garbage collections. Dumped to a file when stopped.
 */
final class Profiler {
    private final Recording recording;
    private final Path file;

    private Profiler(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static Profiler start(Path file) {
        Recording recording = new Recording();
        recording.setName("tributary-bench");
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.enable("jdk.ObjectAllocationSample").with("throttle", "300/s");
        recording.enable("jdk.GarbageCollection");
        recording.enable("jdk.Compilation").withThreshold(Duration.ofMillis(5));
        recording.start();
        return new Profiler(recording, file);
    }

    /** Stops the recording and writes it to the file given at start. */
    Path stop() throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
        return file;
    }

    /** Stops and discards the recording, for failure paths. Safe to call after {@link #stop}. */
    void discard() {
        recording.close();
    }
}
