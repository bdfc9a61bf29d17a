package dev.tributary.postgres.cdc;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.flink.EventTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sends change events on and the records that could not be converted to {@link #ERRORS}. */
final class ErrorSplitter extends ProcessFunction<Object, ChangeEvent> {
    private static final long serialVersionUID = 1L;

    /** Where records that cannot be converted go. */
    static final OutputTag<ErrorRecord> ERRORS =
            new OutputTag<>("postgres-cdc-errors", EventTypeInfo.ERROR_RECORD);

    private transient Counter failed;

    @Override
    public void open(OpenContext context) {
        failed = getRuntimeContext().getMetricGroup().counter("recordsFailedToDecode");
    }

    @Override
    public void processElement(Object record, Context ctx, Collector<ChangeEvent> out) {
        if (record instanceof ChangeEvent) {
            out.collect((ChangeEvent) record);
        } else {
            failed.inc();
            ctx.output(ERRORS, (ErrorRecord) record);
        }
    }
}
