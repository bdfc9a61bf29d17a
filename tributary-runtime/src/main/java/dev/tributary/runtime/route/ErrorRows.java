package dev.tributary.runtime.route;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import org.apache.flink.api.common.functions.MapFunction;

/** Turns an error into an insert into the pipeline's error table. */
public final class ErrorRows implements MapFunction<ErrorRecord, SinkRecord> {
    private static final long serialVersionUID = 1L;

    private final String pipeline;
    private final TableId errorTable;

    public ErrorRows(String pipeline, TableId errorTable) {
        this.pipeline = pipeline;
        this.errorTable = errorTable;
    }

    @Override
    public SinkRecord map(ErrorRecord error) {
        Position position =
                error.position() != null
                        ? error.position()
                        : new Position("unknown", -1, -1, -1, error.time());
        ChangeEvent row =
                new ChangeEvent(
                        errorTable,
                        Op.INSERT,
                        null,
                        error.toRow(pipeline),
                        ErrorRecord.SCHEMA,
                        position);
        return new SinkRecord(errorTable, WriteMode.INSERT, row);
    }
}
