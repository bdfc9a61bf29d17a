package dev.tributary.benchmarks;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import dev.tributary.jdbc.writer.BatchBuffer;
import dev.tributary.jdbc.writer.TableBatch;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The jdbc sink writer's work per event in the task thread: encoding the change and reducing it to
 * the latest change per key ({@link BatchBuffer}), with the batch drained every {@link
 * #batchEvents} events as a checkpoint barrier drains it. The drain's cost is spread over the
 * events of its batch.
 */
public class WriterBenchmark extends HotPathBenchmark {
    /** Events per checkpoint interval. */
    @Param({"20000"})
    public int batchEvents;

    private SinkRecord[] records;
    private BatchBuffer buffer;
    private int next;
    private int buffered;

    @Setup
    public void setUp() {
        ChangeEvent[] events = Workload.events(false);
        TableId target = TableId.parse("public.orders");
        records = new SinkRecord[events.length];
        for (int i = 0; i < events.length; i++) {
            records[i] = new SinkRecord(target, WriteMode.UPSERT, events[i]);
        }
        buffer = new BatchBuffer();
    }

    @Benchmark
    public void add(Blackhole out) {
        buffer.add(records[next]);
        next = (next + 1) & (records.length - 1);
        if (++buffered == batchEvents) {
            buffered = 0;
            List<TableBatch> batches = buffer.drain();
            out.consume(batches);
        }
    }
}
