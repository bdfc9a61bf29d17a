package dev.tributary.runtime.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest complete checkpoint or savepoint under a pipeline's state directory, so that a
 * restarted pipeline resumes where the last one stopped. A checkpoint is complete when its {@code
 * _metadata} file exists: Flink writes it last.
 */
public final class CheckpointLocator {
    private final Path stateDir;

    public CheckpointLocator(Path stateDir) {
        this.stateDir = stateDir;
    }

    public Path checkpointsDir() {
        return stateDir.resolve("checkpoints");
    }

    public Path savepointsDir() {
        return stateDir.resolve("savepoints");
    }

    /** The directory of the newest complete checkpoint or savepoint, if any. */
    public Optional<Path> latest() {
        return Stream.concat(candidates(checkpointsDir(), 2), candidates(savepointsDir(), 1))
                .max(Comparator.comparing(CheckpointLocator::modified))
                .map(Path::getParent);
    }

    private static Stream<Path> candidates(Path root, int depth) {
        if (!Files.isDirectory(root)) {
            return Stream.empty();
        }
        try (Stream<Path> files =
                Files.find(
                        root,
                        depth + 1,
                        (p, a) ->
                                a.isRegularFile()
                                        && p.getFileName().toString().equals("_metadata")
                                        && a.size() > 0)) {
            return files.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
