package dev.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TypeKind;
import dev.tributary.api.event.WriteMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineFileParserTest {
    private static final String GOOD =
            String.join(
                    "\n",
                    "pipeline: { name: shop-to-warehouse, checkpoint-interval: 3s }",
                    "sources:",
                    "  - name: shop",
                    "    type: test-source",
                    "    servers: ${KAFKA:localhost:9092}",
                    "    topics: [ shop.public.orders ]",
                    "    properties.security.protocol: SSL",
                    "tables:",
                    "  - match: 'shop\\.public\\.(.*)'",
                    "    target: 'public.$1'",
                    "    mode: append",
                    "    key: [id]",
                    "    columns:",
                    "      - { name: id, type: int64 }",
                    "      - { name: amount, type: 'decimal(12,2)' }",
                    "sinks:",
                    "  - name: warehouse",
                    "    type: test-sink",
                    "    url: jdbc:postgresql://h/db?password=hunter2",
                    "    password: ${PW}",
                    "errors: { table: my_errors }",
                    "");

    private final Map<String, String> env = Map.of("PW", "hunter2");

    private PipelineDefinition parse(String text) {
        return new PipelineFileParser(env::get).parse(text, "pipeline.yaml");
    }

    private void assertProblem(String text, String expected) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("  - " + expected);
    }

    @Test
    void readsAGoodFileWithDefaultsAndSubstitution() {
        PipelineDefinition def = parse(GOOD);
        assertThat(def.settings().name()).isEqualTo("shop-to-warehouse");
        assertThat(def.settings().checkpointInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(def.settings().restartAttempts()).isEqualTo(10);
        assertThat(def.settings().partitionByKey()).isTrue();
        assertThat(def.sources().get(0).options().get(TestFactories.SERVERS))
                .isEqualTo("localhost:9092");
        assertThat(def.sources().get(0).options().get(TestFactories.FORMAT))
                .isEqualTo("debezium-json");
        assertThat(def.sources().get(0).options().withPrefix("properties."))
                .containsEntry("security.protocol", "SSL");
        assertThat(def.sinks().get(0).options().get(TestFactories.PASSWORD)).isEqualTo("hunter2");
        assertThat(def.tables().get(0).targetFor(TableId.parse("shop.public.orders")))
                .isEqualTo(TableId.of("public", "orders"));
        assertThat(def.tables().get(0).mode()).isEqualTo(WriteMode.APPEND);
        assertThat(def.tables().get(0).declaredSchema().column(1).type().kind())
                .isEqualTo(TypeKind.DECIMAL);
        assertThat(def.tables().get(0).declaredSchema().primaryKey()).containsExactly("id");
        assertThat(def.errorSink()).isEqualTo("warehouse");
        assertThat(def.errorTable()).isEqualTo(TableId.parse("my_errors"));
    }

    @Test
    void effectiveConfigurationMasksSecrets() {
        String masked = parse(GOOD).maskedText();
        assertThat(masked)
                .doesNotContain("hunter2")
                .contains("password=****")
                .contains("password: \"****\"");
    }

    @Test
    void unknownTopLevelKey() {
        assertProblem(
                GOOD + "extra: 1\n",
                "extra: unknown key. Allowed keys: errors, pipeline, sinks, sources, tables");
    }

    @Test
    void unknownKeyInASourceListsTheSupportedOnes() {
        assertProblem(
                GOOD.replace("    topics:", "    topicz: x\n    topics:"),
                "sources[0].topicz: unknown key. Allowed keys: format, name, properties.*, servers, since, topics, type");
    }

    @Test
    void missingRequiredOption() {
        assertProblem(
                GOOD.replace("    servers: ${KAFKA:localhost:9092}\n", ""),
                "sources[0].servers: required key is missing (a string)");
    }

    @Test
    void unknownSinkType() {
        assertProblem(
                GOOD.replace("type: test-sink", "type: mysql"),
                "sinks[0].type: unknown sink type 'mysql'. Known: test-sink");
    }

    @Test
    void badEnumValue() {
        assertProblem(
                GOOD.replace("    topics:", "    format: avro\n    topics:"),
                "sources[0].format: 'avro' is not one of debezium-json, json");
    }

    @Test
    void badDuration() {
        assertProblem(
                GOOD.replace("checkpoint-interval: 3s", "checkpoint-interval: fast"),
                "pipeline.checkpoint-interval: 'fast' is not a duration such as 500ms, 2s, 5m or 1h");
    }

    @Test
    void badBoolean() {
        assertProblem(
                GOOD.replace(
                        "checkpoint-interval: 3s",
                        "checkpoint-interval: 3s, partition-by-key: maybe"),
                "pipeline.partition-by-key: 'maybe' is not true or false");
    }

    @Test
    void badNumber() {
        assertProblem(
                GOOD.replace("    password: ${PW}", "    password: ${PW}\n    max-retries: many"),
                "sinks[0].max-retries: 'many' is not a whole number");
    }

    @Test
    void regexThatDoesNotCompile() {
        assertProblem(
                GOOD.replace("'shop\\.public\\.(.*)'", "'shop\\.(public'"),
                "tables[0].match: 'shop\\.(public' is not a valid regular expression: Unclosed group near index 13");
    }

    @Test
    void targetRefersToAMissingGroup() {
        assertProblem(
                GOOD.replace("'public.$1'", "'public.$2'"),
                "tables[0].target: refers to $2 but the match has 1 group");
    }

    @Test
    void envVariableWithoutValueOrDefault() {
        assertThatThrownBy(() -> new PipelineFileParser(k -> null).parse(GOOD, "pipeline.yaml"))
                .hasMessageContaining(
                        "  - sinks[0].password: environment variable PW is not set and has no default"
                                + " (write ${PW:default} to give one)");
    }

    @Test
    void badMode() {
        assertProblem(
                GOOD.replace("mode: append", "mode: merge"),
                "tables[0].mode: 'merge' is not one of upsert, append");
    }

    @Test
    void continueMustBeABoolean() {
        assertProblem(
                GOOD.replace("    mode: append", "    mode: append\n    continue: maybe"),
                "tables[0].continue: 'maybe' is not true or false");
    }

    @Test
    void continueLetsAnEventGoOnToTheNextMatchingRule() {
        PipelineDefinition def =
                parse(GOOD.replace("    mode: append", "    mode: append\n    continue: true"));
        assertThat(def.tables().get(0).continues()).isTrue();
        assertThat(parse(GOOD).tables().get(0).continues()).isFalse();
    }

    @Test
    void badColumnType() {
        assertProblem(
                GOOD.replace("type: int64", "type: integer64"),
                "tables[0].columns[0].type: 'integer64' is not " + TypeParser.EXPECTED);
    }

    @Test
    void aPointInTimeIsEpochMillisecondsOrIsoWithAnOffset() {
        String since = "    topics: [ shop.public.orders ]\n    since: ";
        String at = GOOD.replace("    topics: [ shop.public.orders ]\n", since + "%s\n");
        assertThat(since(parse(String.format(at, "1795514400000")))).isEqualTo(1795514400000L);
        assertThat(since(parse(String.format(at, "2026-11-24T10:00:00Z"))))
                .isEqualTo(1795514400000L);
        assertThat(since(parse(String.format(at, "'2026-11-24T11:00:00.250+01:00'"))))
                .isEqualTo(1795514400250L);
        assertProblem(
                String.format(at, "yesterday"),
                "sources[0].since: 'yesterday' is not epoch milliseconds or an ISO-8601 time with"
                        + " an offset, such as 2026-11-24T10:00:00Z");
        assertProblem(
                String.format(at, "2026-11-24T10:00:00"),
                "sources[0].since: '2026-11-24T10:00:00' is not epoch milliseconds or an ISO-8601"
                        + " time with an offset, such as 2026-11-24T10:00:00Z");
    }

    private static Long since(PipelineDefinition def) {
        return def.sources().get(0).options().get(TestFactories.SINCE);
    }

    @Test
    void aTypeThatAFlowMappingsCommaSplitSaysToQuoteIt() {
        String hint =
                " (inside { ... } an unquoted comma ends a value: quote it, e.g. type:"
                        + " 'decimal(12,2)')";
        String text = GOOD.replace("type: 'decimal(12,2)'", "type: decimal(12,2)");
        assertProblem(
                text,
                "tables[0].columns[1].type: 'decimal(12' is not " + TypeParser.EXPECTED + hint);
        assertProblem(
                text,
                "tables[0].columns[1].2): unknown key. Allowed keys: name, nullable, type" + hint);
    }

    @Test
    void keyColumnNotDeclared() {
        assertProblem(
                GOOD.replace("key: [id]", "key: [order_id]"),
                "tables[0].columns: key column order_id is not among the columns [id, amount]");
    }

    @Test
    void unknownErrorSink() {
        assertProblem(
                GOOD.replace("errors: { table: my_errors }", "errors: { sink: lake }"),
                "errors.sink: no sink is called 'lake'. Sinks: [warehouse]");
    }

    @Test
    void factoryCrossOptionRule() {
        assertProblem(
                GOOD.replace("    topics: [ shop.public.orders ]", "    topics: []"),
                "sources[0]: sources[0].topics needs at least one topic");
    }

    @Test
    void wrongShapeOfSection() {
        assertProblem(
                GOOD.replace("sinks:\n", "sinks: warehouse\nunused:\n"),
                "sinks: expected a list but found a scalar 'warehouse'");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String bad =
                GOOD.replace("type: test-sink", "type: mysql")
                        .replace("mode: append", "mode: merge");
        assertThatThrownBy(() -> parse(bad))
                .hasMessageStartingWith("pipeline.yaml has 2 problems:");
    }

    @Test
    void notYaml() {
        assertThatThrownBy(() -> parse("pipeline: ["))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("pipeline.yaml is not valid YAML:");
    }
}
