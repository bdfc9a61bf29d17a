package dev.tributary.postgres.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.postgres.cdc.PostgresCdcSourceOptions.StartupMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PostgresCdcSourceFactoryTest {
    private final PostgresCdcSourceFactory factory = new PostgresCdcSourceFactory();

    private static Options options(Map<String, Object> extra, Map<String, String> debezium) {
        Map<String, Object> values = new HashMap<>();
        values.put("hostname", "db");
        values.put("database", "shop");
        values.put("user", "capture");
        values.put("tables.include", List.of("public\\..*"));
        values.putAll(extra);
        return new Options("sources[0]", values, Map.of("debezium.", debezium));
    }

    private void rejects(Map<String, Object> extra, String message) {
        assertThatThrownBy(() -> factory.validate(options(extra, Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void isFoundByItsIdentifier() {
        assertThat(ServiceLoader.load(SourceFactory.class))
                .anyMatch(f -> f.identifier().equals("postgres-cdc"));
        assertThat(factory.options()).contains(PostgresCdcSourceOptions.KEY_COLUMNS);
        assertThat(factory.passThroughPrefixes()).containsExactly("debezium.");
        assertThat(PostgresCdcSourceOptions.PASSWORD.isSecret()).isTrue();
    }

    @Test
    void validOptionsPass() {
        factory.validate(
                options(
                        Map.of(
                                "key-columns",
                                List.of("public.events:id,at"),
                                "slot-name",
                                "shop_slot"),
                        Map.of("max.queue.size", "4096")));
    }

    @Test
    void badValuesAreNamedByKey() {
        rejects(
                Map.of("tables.include", List.of("public\\.(")),
                "sources[0].tables.include: 'public\\.(' is not a valid regular expression:"
                        + " Unclosed group");
        rejects(
                Map.of("slot-name", "Shop-Slot"),
                "sources[0].slot-name: 'Shop-Slot' is not a valid replication slot name; use"
                        + " lower-case letters, digits and _, at most 58 characters");
        rejects(
                Map.of("key-columns", List.of("events:id")),
                "sources[0].key-columns: 'events:id' is not schema.table:column1,column2,...");
        rejects(
                Map.of("key-columns", List.of("public.events:id,,at")),
                "sources[0].key-columns: 'public.events:id,,at' needs distinct, non-empty column"
                        + " names after the colon");
        rejects(
                Map.of("snapshot.chunk-size", 0),
                "sources[0].snapshot.chunk-size must be at least 1, not 0");
        rejects(Map.of("port", 70000), "sources[0].port must be a TCP port (1-65535), not 70000");
    }

    @Test
    void debeziumSettingsWithTheirOwnOptionAreRefused() {
        assertThatThrownBy(() -> factory.validate(options(Map.of(), Map.of("slot.name", "other"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].debezium.slot.name is not allowed; tributary sets it from"
                                + " sources[0].slot-name");
    }

    @Test
    void aSlotDroppedOnStopIsRefused() {
        assertThatThrownBy(
                        () ->
                                factory.validate(
                                        options(Map.of(), Map.of("slot.drop.on.stop", "true"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sources[0].debezium.slot.drop.on.stop is not allowed: the replication slot"
                                + " holds the position a restart resumes from; a dropped slot"
                                + " loses the changes made while the pipeline was stopped");
    }

    @Test
    void debeziumGetsExactTypesTheKeysAndTheHeartbeat() {
        KeyColumns keys = KeyColumns.parse(List.of("public.my.t:a,b"), "k");
        Properties p =
                PostgresCdcSourceFactory.debeziumProperties(
                        options(Map.of(), Map.of("max.batch.size", "512")),
                        "pub",
                        keys,
                        StartupMode.INITIAL);
        assertThat(p)
                .containsEntry("publication.name", "pub")
                .containsEntry("publication.autocreate.mode", "disabled")
                .containsEntry("column.propagate.source.type", ".*")
                .containsEntry("converters", "tributarymoney")
                .containsEntry("tributarymoney.type", ExactMoneyConverter.class.getName())
                .containsEntry("message.key.columns", "public\\.my\\.t:a,b")
                .containsEntry("message.prefix.exclude.list", "tributary-heartbeat")
                .containsEntry("max.batch.size", "512");
        assertThat(
                        PostgresCdcSourceFactory.debeziumProperties(
                                options(Map.of(), Map.of()),
                                "pub",
                                KeyColumns.NONE,
                                StartupMode.SNAPSHOT_ONLY))
                .doesNotContainKeys("heartbeat.action.query", "message.key.columns");
    }

    @Test
    void theDefaultSlotNameIsDerivedAndValid() {
        String slot = SlotNames.derive("Shop Pipeline", "orders-db");
        assertThat(slot).isEqualTo("tributary_shop_pipeline_orders_db");
        SlotNames.check(slot, "k");
        assertThat(SlotNames.derive("p".repeat(100), "s")).hasSize(SlotNames.MAX_LENGTH);
    }

    @Test
    void keyColumnsGiveEachTableItsChunkColumn() {
        KeyColumns keys = KeyColumns.parse(List.of("public.a:x,y", "s.b:z"), "k");
        assertThat(keys.chunkColumns()).containsEntry("public.a", "x").containsEntry("s.b", "z");
        assertThatThrownBy(() -> KeyColumns.parse(List.of("public.a:x", "public.a:y"), "k"))
                .hasMessage("k: public.a is given twice");
    }
}
