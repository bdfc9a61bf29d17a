package dev.tributary.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU time went between two moments, read from Linux's /proc: this JVM by
 * thread group (the pipeline's task thread, the background apply, the Kafka fetcher and broker, the
 * JIT compilers, the garbage collector, the rest), the embedded PostgreSQL's process tree, other
 * processes, and idle time.
 *
 * <p>A JFR profile says where a thread spends the samples it is running; this says which threads
 * and processes compete for the machine's cores, which is what bounds a pipeline that shares two
 * cores with its broker and its database. Reports nothing where /proc cannot be read.
 */
final class CpuAccount {
    private static final String JIT = "JIT compilers";
    private static final String GC = "garbage collector";

    private final Path postgresPidFile;

    /**
     * @param postgresDataDir the embedded PostgreSQL's data directory (holds postmaster.pid)
     */
    CpuAccount(Path postgresDataDir) {
        this.postgresPidFile = postgresDataDir.resolve("postmaster.pid");
    }

    /** CPU ticks consumed so far, by consumer; null when /proc cannot be read. */
    Snapshot take() {
        try {
            long[] machine = machineTicks();
            long[] process = stat(Path.of("/proc/self"));
            if (process == null) {
                return null;
            }
            Map<String, Thread> threads = new HashMap<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String comm = comm(task);
                    long[] stat = stat(task);
                    if (comm != null && stat != null) {
                        threads.put(
                                task.getFileName().toString(),
                                new Thread(group(comm), stat[0] + stat[1]));
                    }
                }
            }
            return new Snapshot(
                    System.nanoTime(),
                    machine[0],
                    machine[1],
                    process[0] + process[1],
                    threads,
                    postgresTicks());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** One JVM thread's group and the ticks it consumed so far. */
    record Thread(String group, long ticks) {}

    /**
     * The owner of a JVM thread by its kernel name ({@code comm}: the first 15 characters of the
     * Java thread name).
     */
    static String group(String comm) {
        String t = comm.toLowerCase(Locale.ROOT);
        if (t.startsWith("c1 compilerthre") || t.startsWith("c2 compilerthre")) {
            return JIT;
        }
        if (t.startsWith("gc thread") || t.startsWith("g1 ")) {
            return GC;
        }
        if (t.startsWith("source data fet")) {
            return "kafka source fetcher";
        }
        if (t.startsWith("source:")) {
            return "pipeline task (decode, route, sink writer)";
        }
        if (t.startsWith("tributary-apply")) {
            return "background apply (jdbc)";
        }
        if (t.contains("kafk") || t.contains("raft") || t.contains("quorum")) {
            return "kafka broker and clients";
        }
        if (t.startsWith("jfr ")) {
            return "JFR (the bench's own profiler)";
        }
        if (t.equals("main") || t.equals("java")) {
            return "bench main thread (polls the target)";
        }
        if (t.startsWith("flink")
                || t.contains("pekko")
                || t.startsWith("jobmanager")
                || t.startsWith("asyncoperation")
                || t.contains("checkpoint")
                || t.startsWith("mini-cluster")) {
            return "flink runtime";
        }
        return "other JVM threads";
    }

    /** Busy and total ticks of all CPUs, from the first line of /proc/stat. */
    private static long[] machineTicks() throws IOException {
        String cpu = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow();
        String[] f = cpu.trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) { // idle, iowait
                idle += v;
            }
        }
        return new long[] {total - idle, total};
    }

    /**
     * The postmaster's own and reaped children's ticks plus those of its live children: backends
     * that ended are counted through the postmaster's cutime/cstime.
     */
    private long postgresTicks() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(postgresPidFile).get(0).trim());
            long[] own = stat(Path.of("/proc", Long.toString(postmaster)));
            if (own == null) {
                return -1;
            }
            long sum = own[0] + own[1] + own[2] + own[3];
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    long[] s = stat(p);
                    if (s != null && s[4] == postmaster) {
                        sum += s[0] + s[1];
                    }
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime, stime, cutime, cstime and the parent pid of a process or thread, or null. */
    private static long[] stat(Path dir) {
        try {
            String stat = read(dir.resolve("stat"));
            // pid (comm) state ppid ...; comm may contain spaces, so split after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {
                Long.parseLong(f[11]),
                Long.parseLong(f[12]),
                Long.parseLong(f[13]),
                Long.parseLong(f[14]),
                Long.parseLong(f[1])
            };
        } catch (IOException | RuntimeException e) {
            return null; // ended meanwhile
        }
    }

    /** A thread's kernel name, or null when it ended meanwhile. */
    private static String comm(Path task) {
        try {
            return read(task.resolve("comm")).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    /** Ticks consumed up to one moment. */
    record Snapshot(
            long nanos,
            long machineBusy,
            long machineTotal,
            long jvm,
            Map<String, Thread> jvmThreads,
            long postgres) {

        /**
         * What was consumed from {@code start} to this snapshot, in core-seconds, for {@code
         * events} events. A thread is counted from {@code start} or from its creation; threads that
         * ended in between count only in the JVM's total, as "ended threads".
         */
        Usage since(Snapshot start, long events) {
            double tick = ticksPerSecond();
            double seconds = (nanos - start.nanos) / 1e9;
            Map<String, Double> byGroup = new LinkedHashMap<>();
            double inGroups = 0;
            for (Map.Entry<String, Thread> e : jvmThreads.entrySet()) {
                Thread before = start.jvmThreads.get(e.getKey());
                long ticks = e.getValue().ticks() - (before == null ? 0 : before.ticks());
                byGroup.merge(e.getValue().group(), ticks / tick, Double::sum);
                inGroups += ticks / tick;
            }
            double jvmTotal = (jvm - start.jvm) / tick;
            if (jvmTotal - inGroups >= 0.05) {
                byGroup.put("threads that ended meanwhile", jvmTotal - inGroups);
            }
            double pg =
                    postgres < 0 || start.postgres < 0 ? -1 : (postgres - start.postgres) / tick;
            double busy = (machineBusy - start.machineBusy) / tick;
            double total = (machineTotal - start.machineTotal) / tick;
            return new Usage(seconds, events, total, busy, jvmTotal, byGroup, pg);
        }

        private static double ticksPerSecond() {
            return 100; // USER_HZ: 100 on every Linux architecture Java runs on here
        }
    }

    /** CPU time spent over a window, in core-seconds. */
    record Usage(
            double seconds,
            long events,
            double machineTotal,
            double machineBusy,
            double jvm,
            Map<String, Double> jvmByGroup,
            double postgres) {

        /** The lines {@code tributary bench} prints. */
        List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(
                    String.format(
                            "CPU over the %.1f s from submit to match (%.1f cores' time; core-seconds,"
                                    + " cores used on average, CPU time per event):",
                            seconds, machineTotal));
            out.add(line("machine busy", machineBusy));
            out.add(line("  this JVM", jvm));
            jvmByGroup.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .filter(e -> e.getValue() > 0)
                    .forEach(e -> out.add(line("    " + e.getKey(), e.getValue())));
            if (postgres >= 0) {
                out.add(line("  PostgreSQL (all processes)", postgres));
                out.add(line("  other processes", Math.max(0, machineBusy - jvm - postgres)));
            }
            out.add(line("idle", Math.max(0, machineTotal - machineBusy)));
            return out;
        }

        private String line(String what, double coreSeconds) {
            return String.format(
                    "  %-46s %6.1f s  %4.2f cores  %6.2f µs/event",
                    what, coreSeconds, coreSeconds / seconds, coreSeconds * 1e6 / events);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("seconds", seconds);
            json.put("machineCoreSeconds", machineTotal);
            json.put("machineBusyCoreSeconds", machineBusy);
            json.put("jvmCoreSeconds", jvm);
            json.put("jvmByThreadGroup", jvmByGroup);
            json.put("postgresCoreSeconds", postgres);
            return json;
        }
    }
}
