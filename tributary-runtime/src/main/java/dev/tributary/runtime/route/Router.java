package dev.tributary.runtime.route;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.RowJson;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.flink.EventTypeInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each change event, through the side output of its sink ({@link #sinkOutput}), to the sink
 * and target table of the first table rule that matches its source table, applying a declared key.
 * An event no rule matches goes to the error output: nothing is dropped silently. Resolutions are
 * cached per source table and per schema, so the per-event cost is two map lookups.
 */
public final class Router extends ProcessFunction<ChangeEvent, SinkRecord> {
    private static final long serialVersionUID = 1L;

    /** Where routing failures go. */
    public static final OutputTag<ErrorRecord> ERRORS =
            new OutputTag<>("routing-errors", EventTypeInfo.ERROR_RECORD);

    private final List<TableRule> rules;
    private final String sourceName;
    private transient Map<TableId, Route[]> routes;
    private transient Map<TableSchema, TableSchema> keyed;

    /**
     * @param rules every table rule of the pipeline, in file order
     * @param sourceName names the source in error records
     */
    public Router(List<TableRule> rules, String sourceName) {
        this.rules = List.copyOf(rules);
        this.sourceName = sourceName;
    }

    /** The side output that carries the records for the sink called {@code sinkName}. */
    public static OutputTag<SinkRecord> sinkOutput(String sinkName) {
        return new OutputTag<>("sink:" + sinkName, EventTypeInfo.SINK_RECORD);
    }

    @Override
    public void processElement(ChangeEvent event, Context ctx, Collector<SinkRecord> out) {
        if (routes == null) {
            routes = new HashMap<>();
            keyed = new HashMap<>();
        }
        // get, then compute on a miss: no capturing lambda on the per-event path.
        Route[] route = routes.get(event.table());
        if (route == null) {
            route = resolve(event.table());
            routes.put(event.table(), route);
        }
        if (route.length == 0) {
            ctx.output(
                    ERRORS,
                    error(
                            event,
                            null,
                            ErrorKind.UNSUPPORTED,
                            "no rule under tables: matches the source table '"
                                    + event.table()
                                    + "'; add one or narrow the source's topics"));
            return;
        }
        for (Route r : route) {
            ChangeEvent routed = withDeclaredKey(event, r, ctx);
            if (routed != null) {
                ctx.output(r.output, new SinkRecord(sourceName, r.target, r.rule.mode(), routed));
            }
        }
    }

    /** The event with the rule's declared key, or null after reporting a key that does not fit. */
    private ChangeEvent withDeclaredKey(ChangeEvent event, Route route, Context ctx) {
        List<String> key = route.rule.key();
        if (key.isEmpty() || key.equals(event.schema().primaryKey())) {
            return event;
        }
        TableSchema withKey = keyed.get(event.schema());
        if (withKey == null || !withKey.primaryKey().equals(key)) {
            try {
                withKey = event.schema().withPrimaryKey(key);
            } catch (IllegalArgumentException e) {
                ctx.output(
                        ERRORS,
                        error(
                                event,
                                route.target,
                                ErrorKind.SCHEMA_MISMATCH,
                                "the key declared for this table does not fit the event: "
                                        + e.getMessage()));
                return null;
            }
            keyed.put(event.schema(), withKey);
        }
        return new ChangeEvent(
                event.table(),
                event.op(),
                event.before(),
                event.after(),
                withKey,
                event.position());
    }

    /**
     * The routes of {@code table}: the first rule that matches it, and after a rule with {@code
     * continue: true} the next matching one too. Empty when none matches.
     */
    private Route[] resolve(TableId table) {
        List<Route> found = new ArrayList<>();
        for (TableRule rule : rules) {
            TableId target = rule.targetFor(table);
            if (target != null) {
                found.add(new Route(rule, target, sinkOutput(rule.sink())));
                if (!rule.continues()) {
                    break;
                }
            }
        }
        return found.toArray(new Route[0]);
    }

    /**
     * The raw bytes are gone once decoded, so the error keeps the event's rows rendered as JSON.
     */
    private ErrorRecord error(ChangeEvent e, TableId target, ErrorKind kind, String message) {
        return ErrorRecord.ofText(
                sourceName,
                e.position(),
                e.table().text(),
                target == null ? null : target.text(),
                kind,
                message,
                RowJson.key(e.schema(), e.keyRow()),
                RowJson.row(e.schema(), e.keyRow()));
    }

    private static final class Route {
        final TableRule rule;
        final TableId target;
        final OutputTag<SinkRecord> output;

        Route(TableRule rule, TableId target, OutputTag<SinkRecord> output) {
            this.rule = rule;
            this.target = target;
            this.output = output;
        }
    }
}
