package dev.tributary.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.error.DataException;
import dev.tributary.api.event.TableId;
import org.junit.jupiter.api.Test;

class TopicTemplateTest {
    private final TopicTemplate defaults =
            TopicTemplate.parse(KafkaSinkOptions.DEFAULT_TOPIC, "shop");

    @Test
    void namesTopicsLikeDebezium() {
        assertThat(defaults.topicOf(TableId.parse("public.orders")))
                .isEqualTo("shop.public.orders");
        assertThat(defaults.topicOf(TableId.parse("db.public.orders")))
                .isEqualTo("shop.public.orders");
    }

    @Test
    void aMissingPartIsDroppedWithOneDot() {
        assertThat(defaults.topicOf(TableId.parse("_tributary_errors")))
                .isEqualTo("shop._tributary_errors");
        assertThat(TopicTemplate.parse("{schema}.{table}", null).topicOf(TableId.parse("orders")))
                .isEqualTo("orders");
        assertThat(
                        TopicTemplate.parse("cdc-{schema}.{table}", null)
                                .topicOf(TableId.parse("sales.orders")))
                .isEqualTo("cdc-sales.orders");
    }

    @Test
    void charactersKafkaRefusesBecomeUnderscores() {
        assertThat(defaults.topicOf(TableId.of("Sales Dept", "order$lines")))
                .isEqualTo("shop.Sales_Dept.order_lines");
    }

    @Test
    void aNameLongerThanKafkaAllowsIsADataError() {
        TableId table = TableId.of("public", "t".repeat(250));

        assertThatThrownBy(() -> defaults.topicOf(table))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("has 262 characters; Kafka allows 249");
    }
}
