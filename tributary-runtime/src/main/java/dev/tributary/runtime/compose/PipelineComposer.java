package dev.tributary.runtime.compose;

import dev.tributary.api.config.Options;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.flink.EventTypeInfo;
import dev.tributary.api.spi.SinkContext;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.api.spi.SourceContext;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.api.spi.SourceStreams;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.runtime.config.ComponentDefinition;
import dev.tributary.runtime.config.PipelineDefinition;
import dev.tributary.runtime.route.ErrorRows;
import dev.tributary.runtime.route.KeyBucket;
import dev.tributary.runtime.route.Router;
import dev.tributary.runtime.route.RuleDeclarations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Turns a pipeline definition into a Flink job: sources → router (per source) → one stream per
 * sink, with every source's decode errors and every routing error sent to the error table of the
 * error sink. When the pipeline runs with more than one subtask, records are partitioned by target
 * table and key so that each row's changes stay in order.
 *
 * <p>Decode and routing errors are written by a second instance of the error sink (its commit rows
 * are keyed by the sink name plus {@value #ERRORS_SUFFIX}), not unioned into the main sink's input:
 * a sink with a single input chains with the router, so events are handed over as objects instead
 * of being serialized, schema and all, between two tasks.
 */
public final class PipelineComposer {
    /**
     * Added to the error sink's name for the sink instance that writes decode and routing errors.
     */
    public static final String ERRORS_SUFFIX = ":errors";

    /** Adds the pipeline to {@code env}. */
    public void compose(PipelineDefinition def, StreamExecutionEnvironment env) {
        String pipeline = def.settings().name();
        TableDeclarations declarations = new RuleDeclarations(def.tables());
        Map<String, List<DataStream<SinkRecord>>> perSink = new LinkedHashMap<>();
        def.sinks().forEach(s -> perSink.put(s.name(), new ArrayList<>()));
        List<DataStream<ErrorRecord>> errors = new ArrayList<>();

        for (ComponentDefinition<SourceFactory> source : def.sources()) {
            SourceStreams streams =
                    source.factory()
                            .create(
                                    new Source(
                                            pipeline,
                                            source.name(),
                                            source.options(),
                                            env,
                                            declarations));
            errors.add(streams.errors());
            SingleOutputStreamOperator<SinkRecord> routed =
                    streams.events()
                            .process(
                                    new Router(def.tables(), source.name()),
                                    EventTypeInfo.SINK_RECORD)
                            .name("route:" + source.name())
                            .uid("route-" + source.name());
            for (String sink : perSink.keySet()) {
                perSink.get(sink).add(routed.getSideOutput(Router.sinkOutput(sink)));
            }
            errors.add(routed.getSideOutput(Router.ERRORS));
        }

        for (ComponentDefinition<SinkFactory> sink : def.sinks()) {
            DataStream<SinkRecord> input = union(perSink.get(sink.name()));
            if (def.settings().parallelism() > 1 && def.settings().partitionByKey()) {
                input = input.keyBy(new KeyBucket());
            }
            input.sinkTo(
                            sink.factory()
                                    .create(
                                            new Sink(
                                                    pipeline,
                                                    sink.name(),
                                                    sink.options(),
                                                    def.errorTable())))
                    .name("sink:" + sink.name())
                    .uid("sink-" + sink.name());
            if (sink.name().equals(def.errorSink())) {
                String name = sink.name() + ERRORS_SUFFIX;
                union(errors)
                        .map(new ErrorRows(pipeline, def.errorTable()), EventTypeInfo.SINK_RECORD)
                        .name("errors")
                        .uid("errors")
                        .sinkTo(
                                sink.factory()
                                        .create(
                                                new Sink(
                                                        pipeline,
                                                        name,
                                                        sink.options(),
                                                        def.errorTable())))
                        .name("sink:" + name)
                        .uid("sink-" + name);
            }
        }
    }

    private static <T> DataStream<T> union(List<DataStream<T>> streams) {
        DataStream<T> first = streams.get(0);
        if (streams.size() == 1) {
            return first;
        }
        @SuppressWarnings("unchecked")
        DataStream<T>[] rest = streams.subList(1, streams.size()).toArray(new DataStream[0]);
        return first.union(rest);
    }

    private static final class Source implements SourceContext {
        private final String pipeline;
        private final String name;
        private final Options options;
        private final StreamExecutionEnvironment env;
        private final TableDeclarations declarations;

        Source(
                String pipeline,
                String name,
                Options options,
                StreamExecutionEnvironment env,
                TableDeclarations declarations) {
            this.pipeline = pipeline;
            this.name = name;
            this.options = options;
            this.env = env;
            this.declarations = declarations;
        }

        @Override
        public String pipelineName() {
            return pipeline;
        }

        @Override
        public String sourceName() {
            return name;
        }

        @Override
        public Options options() {
            return options;
        }

        @Override
        public StreamExecutionEnvironment environment() {
            return env;
        }

        @Override
        public TableDeclarations declarations() {
            return declarations;
        }
    }

    private static final class Sink implements SinkContext {
        private final String pipeline;
        private final String name;
        private final Options options;
        private final TableId errorTable;

        Sink(String pipeline, String name, Options options, TableId errorTable) {
            this.pipeline = pipeline;
            this.name = name;
            this.options = options;
            this.errorTable = errorTable;
        }

        @Override
        public String pipelineName() {
            return pipeline;
        }

        @Override
        public String sinkName() {
            return name;
        }

        @Override
        public Options options() {
            return options;
        }

        @Override
        public TableId errorTable() {
            return errorTable;
        }
    }
}
