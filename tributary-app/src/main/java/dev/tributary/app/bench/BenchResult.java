package dev.tributary.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one bench run: printed as a summary and saved as {@code bench-result.json}. */
final class BenchResult {
    static final double GOAL_EVENTS_PER_SECOND = 100_000;
    static final double GOAL_COPY_RATIO = 0.5;

    final Map<String, Object> settings = new LinkedHashMap<>();
    long events;
    long inserts;
    long updates;
    long deletes;
    long finalRows;
    double produceRate;
    long produceBytes;
    double pipelineSeconds;
    double firstRowSeconds;
    long appliedAtFirstRow;
    int checksumQueries;
    double copyRowsPerSecond;
    double copySeconds;

    /** The COPY format of the baseline: the faster of {@code text} and {@code binary}. */
    String copyFormat;

    long pacedEvents;
    double pacedAchievedRate;
    double latencyP50Millis;
    double latencyP99Millis;
    double latencyMaxMillis;
    long peakHeapBytes;
    long maxHeapBytes;
    long postgresPeakBytes;
    Path jfr;
    ProfileReport profile;
    CpuAccount.Usage cpu;

    double eventsPerSecond() {
        return events / pipelineSeconds;
    }

    /** Events over the time from the first visible row to the match: the rate once the job runs. */
    double steadyEventsPerSecond() {
        return firstRowSeconds < 0 || pipelineSeconds <= firstRowSeconds
                ? Double.NaN
                : (events - appliedAtFirstRow) / (pipelineSeconds - firstRowSeconds);
    }

    /** Pipeline events/s over raw COPY rows/s of the final rows. */
    double copyRatio() {
        return eventsPerSecond() / copyRowsPerSecond;
    }

    String summaryLine() {
        return String.format(
                "events %,d | produce %,.0f/s | pipeline %,.0f events/s (steady %,.0f) | raw COPY %,.0f"
                        + " rows/s (%s) | ratio %.2f | latency p50 %.2f s p99 %.2f s | peak heap %,d MB",
                events,
                produceRate,
                eventsPerSecond(),
                steadyEventsPerSecond(),
                copyRowsPerSecond,
                copyFormat,
                copyRatio(),
                latencyP50Millis / 1000,
                latencyP99Millis / 1000,
                peakHeapBytes >> 20);
    }

    List<String> goalLines() {
        List<String> out = new ArrayList<>();
        out.add(
                String.format(
                        "goal throughput >= %,.0f events/s: %s (%,.0f)",
                        GOAL_EVENTS_PER_SECOND,
                        eventsPerSecond() >= GOAL_EVENTS_PER_SECOND ? "met" : "goal missed",
                        eventsPerSecond()));
        out.add(
                String.format(
                        "goal pipeline events/s >= %.1f x raw COPY rows/s: %s (%.2f)",
                        GOAL_COPY_RATIO,
                        copyRatio() >= GOAL_COPY_RATIO ? "met" : "goal missed",
                        copyRatio()));
        return out;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", settings);
        json.put("events", events);
        json.put("inserts", inserts);
        json.put("updates", updates);
        json.put("deletes", deletes);
        json.put("finalRows", finalRows);
        json.put("produceEventsPerSecond", produceRate);
        json.put("produceBytes", produceBytes);
        json.put("pipelineSeconds", pipelineSeconds);
        json.put("firstRowVisibleSeconds", firstRowSeconds);
        json.put("eventsAppliedAtFirstRow", appliedAtFirstRow);
        json.put("pipelineEventsPerSecond", eventsPerSecond());
        json.put("steadyEventsPerSecond", steadyEventsPerSecond());
        json.put("targetMatched", true);
        json.put("checksumQueries", checksumQueries);
        json.put("copyRows", finalRows);
        json.put("copySeconds", copySeconds);
        json.put("copyRowsPerSecond", copyRowsPerSecond);
        json.put("copyFormat", copyFormat);
        json.put("ratioPipelineEventsToCopyRows", copyRatio());
        json.put("pacedEvents", pacedEvents);
        json.put("pacedAchievedRate", pacedAchievedRate);
        json.put("latencyPollMillis", PacedRun.POLL_MILLIS);
        json.put("latencyP50Millis", latencyP50Millis);
        json.put("latencyP99Millis", latencyP99Millis);
        json.put("latencyMaxMillis", latencyMaxMillis);
        json.put("peakHeapBytes", peakHeapBytes);
        json.put("maxHeapBytes", maxHeapBytes);
        json.put("postgresPeakPssBytes", postgresPeakBytes);
        json.put("goalThroughputMet", eventsPerSecond() >= GOAL_EVENTS_PER_SECOND);
        json.put("goalCopyRatioMet", copyRatio() >= GOAL_COPY_RATIO);
        json.put("cpu", cpu == null ? null : cpu.toJson());
        json.put("jfr", jfr == null ? null : jfr.toString());
        json.put("profile", profile == null ? null : profile.toJson());
        return json;
    }

    void write(Path file) throws IOException {
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), toJson());
    }
}
