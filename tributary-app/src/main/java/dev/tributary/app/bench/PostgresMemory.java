package dev.tributary.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The memory of the embedded PostgreSQL, a separate process tree: the proportional set size (PSS,
 * shared pages split between the processes that map them) of the postmaster and its children, read
 * from Linux's /proc. The peak is the largest of the samples taken. Reports -1 where /proc or the
 * postmaster's pid file cannot be read.
 */
final class PostgresMemory {
    private static final long SAMPLE_NANOS = 1_000_000_000L;

    private final Path pidFile;
    private long peakBytes = -1;
    private long lastSample;

    PostgresMemory(Path dataDir) {
        this.pidFile = dataDir.resolve("postmaster.pid");
    }

    /** Samples at most once a second; cheap to call often. */
    void sample() {
        long now = System.nanoTime();
        if (now - lastSample < SAMPLE_NANOS && lastSample != 0) {
            return;
        }
        lastSample = now;
        long bytes = currentBytes();
        if (bytes > peakBytes) {
            peakBytes = bytes;
        }
    }

    long peakBytes() {
        return peakBytes;
    }

    private long currentBytes() {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long postmaster = Long.parseLong(lines.get(0).trim());
            long sum = pss(postmaster);
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (name.chars().allMatch(Character::isDigit) && parentOf(p) == postmaster) {
                        sum += pss(Long.parseLong(name));
                    }
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long parentOf(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // pid (comm) state ppid ...; comm may contain spaces, so split after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return -1; // the process ended meanwhile
        }
    }

    private static long pss(long pid) {
        try {
            for (String line :
                    Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
        }
        return 0;
    }
}
