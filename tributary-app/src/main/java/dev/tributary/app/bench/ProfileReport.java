package dev.tributary.app.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time went, from a JFR recording: methods by self samples overall, threads and groups of
 * threads by samples, and within the Flink task threads (the pipeline's hot path) methods by self
 * samples, tributary methods by inclusive samples, and allocation by site.
 */
final class ProfileReport {
    private static final Pattern TASK = Pattern.compile(".*\\(\\d+/\\d+\\)(#\\d+)?$");

    /** One ranked entry: a name, its count (samples or bytes), its share of the total. */
    record Entry(String name, long count, double share) {}

    long samples;
    final List<Entry> topSelf = new ArrayList<>();
    final List<Entry> topThreads = new ArrayList<>();
    final List<Entry> threadGroups = new ArrayList<>();
    final List<Entry> taskSelf = new ArrayList<>();
    final List<Entry> taskInclusive = new ArrayList<>();
    final List<Entry> taskStacks = new ArrayList<>();
    final List<Entry> taskAllocation = new ArrayList<>();
    long taskAllocatedBytes;
    long gcCount;
    double gcPauseMillis;
    final List<Entry> compilations = new ArrayList<>();
    long compilationCount;
    double compilationMillis;

    static ProfileReport read(Path jfr) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> groups = new HashMap<>();
        Map<String, Long> taskSelf = new HashMap<>();
        Map<String, Long> taskInclusive = new HashMap<>();
        Map<String, Long> taskStacks = new HashMap<>();
        Map<String, Long> taskAlloc = new HashMap<>();
        Map<String, Long> compiled = new HashMap<>();
        ProfileReport report = new ProfileReport();
        long taskSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    String thread = threadName(e.getThread("sampledThread"));
                    String top = topFrame(e.getStackTrace());
                    report.samples++;
                    add(self, top, 1);
                    add(threads, thread, 1);
                    add(groups, group(thread), 1);
                    if (isTask(thread)) {
                        taskSamples++;
                        add(taskSelf, top, 1);
                        add(taskStacks, stackHead(e.getStackTrace()), 1);
                        for (String m : tributaryFrames(e.getStackTrace())) {
                            add(taskInclusive, m, 1);
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    String thread = threadName(e.getThread("eventThread"));
                    if (isTask(thread)) {
                        long weight = e.getLong("weight");
                        report.taskAllocatedBytes += weight;
                        add(
                                taskAlloc,
                                e.getClass("objectClass").getName()
                                        + " in "
                                        + allocationSite(e.getStackTrace()),
                                weight);
                    }
                }
                case "jdk.Compilation" -> {
                    long micros = e.getDuration().toNanos() / 1000;
                    report.compilationCount++;
                    report.compilationMillis += micros / 1000.0;
                    RecordedMethod m = e.getValue("method");
                    add(
                            compiled,
                            m.getType().getName()
                                    + "."
                                    + m.getName()
                                    + " (tier "
                                    + e.getShort("compileLevel")
                                    + ")",
                            micros);
                }
                case "jdk.GarbageCollection" -> {
                    report.gcCount++;
                    report.gcPauseMillis += e.getDuration("sumOfPauses").toNanos() / 1e6;
                }
                default -> {}
            }
        }
        rank(self, report.samples, 15, report.topSelf);
        rank(threads, report.samples, 10, report.topThreads);
        rank(groups, report.samples, 10, report.threadGroups);
        rank(taskSelf, taskSamples, 10, report.taskSelf);
        rank(taskInclusive, taskSamples, 10, report.taskInclusive);
        rank(taskStacks, taskSamples, 8, report.taskStacks);
        rank(taskAlloc, report.taskAllocatedBytes, 10, report.taskAllocation);
        rank(compiled, (long) (report.compilationMillis * 1000), 8, report.compilations);
        return report;
    }

    /** The report as text lines; {@code events} turns allocated bytes into bytes per event. */
    List<String> lines(long events) {
        List<String> out = new ArrayList<>();
        out.add(
                String.format(
                        "profile: %,d execution samples (every 10 ms per running Java thread), %d GCs with"
                                + " %.0f ms of pauses",
                        samples, gcCount, gcPauseMillis));
        section(out, "methods by self samples, all threads", topSelf, "%");
        section(out, "threads by samples", topThreads, "%");
        section(out, "thread groups by samples", threadGroups, "%");
        section(out, "Flink task threads (the pipeline): methods by self samples", taskSelf, "%");
        section(
                out,
                "Flink task threads: tributary methods by inclusive samples",
                taskInclusive,
                "%");
        section(
                out,
                "Flink task threads: hottest call paths (innermost frame first)",
                taskStacks,
                "%");
        out.add(
                String.format(
                        "  Flink task threads allocated about %,d bytes in total, %,.0f bytes per event",
                        taskAllocatedBytes,
                        events == 0 ? 0.0 : (double) taskAllocatedBytes / events));
        section(
                out,
                "Flink task threads: allocation by class and site (sampled bytes)",
                taskAllocation,
                "% of bytes");
        out.add(
                String.format(
                        "  JIT: %,d compilations of 5 ms or more took %,.0f ms of compiler time",
                        compilationCount, compilationMillis));
        section(out, "JIT: the longest compilations", compilations, "% of that time");
        return out;
    }

    /** The headline lists, for bench-result.json. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("samples", samples);
        json.put("topSelfMethods", topSelf);
        json.put("topThreads", topThreads);
        json.put("threadGroups", threadGroups);
        json.put("taskThreadSelfMethods", taskSelf);
        json.put("taskThreadTributaryInclusive", taskInclusive);
        json.put("taskThreadHottestPaths", taskStacks);
        json.put("taskThreadAllocatedBytes", taskAllocatedBytes);
        json.put("taskThreadAllocationSites", taskAllocation);
        json.put("gcCount", gcCount);
        json.put("gcPauseMillis", gcPauseMillis);
        json.put("jitCompilations", compilationCount);
        json.put("jitCompilationMillis", compilationMillis);
        json.put("jitLongestCompilations", compilations);
        return json;
    }

    static boolean isTask(String thread) {
        return TASK.matcher(thread).matches() && !thread.startsWith("Source Data Fetcher");
    }

    /** Coarse owner of a thread, by Flink's, Kafka's and the JDK's naming habits. */
    static String group(String thread) {
        if (isTask(thread)) {
            return "flink task (operators, sink)";
        }
        if (thread.startsWith("Source Data Fetcher")) {
            return "flink kafka source fetcher (consumer)";
        }
        String t = thread.toLowerCase(java.util.Locale.ROOT);
        if (t.contains("kafka")
                || t.contains("raft")
                || t.contains("quorum")
                || t.contains("broker")
                || t.contains("controller")
                || t.contains("expirationreaper")
                || t.contains("coordinator")) {
            return "kafka (broker, clients)";
        }
        if (t.contains("flink")
                || t.contains("pekko")
                || t.contains("akka")
                || t.contains("checkpoint")
                || t.contains("jobmanager")
                || t.contains("taskmanager")
                || t.contains("mini-cluster")
                || t.contains("asyncoperations")) {
            return "flink runtime";
        }
        if (t.startsWith("bench") || t.equals("main")) {
            return "main thread (bench: job submission, polling)";
        }
        return "other";
    }

    private static void section(List<String> out, String title, List<Entry> entries, String unit) {
        out.add("  " + title + ":");
        for (Entry e : entries) {
            out.add(String.format("    %5.1f%%  %s", e.share() * 100, e.name()));
        }
    }

    private static String threadName(RecordedThread t) {
        if (t == null) {
            return "(unknown)";
        }
        return t.getJavaName() != null ? t.getJavaName() : String.valueOf(t.getOSName());
    }

    private static String topFrame(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        return method(stack.getFrames().get(0));
    }

    /**
     * The innermost frames up to and including the first tributary one (at most 6), joined by " <
     * ".
     */
    private static String stackHead(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        StringBuilder b = new StringBuilder();
        List<RecordedFrame> frames = stack.getFrames();
        for (int i = 0; i < Math.min(6, frames.size()); i++) {
            String m = method(frames.get(i));
            b.append(i == 0 ? "" : " < ")
                    .append(m.substring(m.lastIndexOf('.', m.lastIndexOf('.') - 1) + 1));
            if (m.startsWith("dev.tributary.")) {
                break;
            }
        }
        return b.toString();
    }

    /** The first frame outside the JDK: the code that asked for the allocation. */
    private static String allocationSite(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        for (RecordedFrame f : stack.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return method(f);
            }
        }
        return method(stack.getFrames().get(0));
    }

    private static Set<String> tributaryFrames(RecordedStackTrace stack) {
        Set<String> out = new HashSet<>();
        if (stack != null) {
            for (RecordedFrame f : stack.getFrames()) {
                if (f.getMethod().getType().getName().startsWith("dev.tributary.")) {
                    out.add(method(f));
                }
            }
        }
        return out;
    }

    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void add(Map<String, Long> counts, String key, long n) {
        counts.merge(key, n, Long::sum);
    }

    private static void rank(Map<String, Long> counts, long total, int limit, List<Entry> out) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .forEach(
                        e ->
                                out.add(
                                        new Entry(
                                                e.getKey(),
                                                e.getValue(),
                                                total == 0 ? 0 : (double) e.getValue() / total)));
    }
}
