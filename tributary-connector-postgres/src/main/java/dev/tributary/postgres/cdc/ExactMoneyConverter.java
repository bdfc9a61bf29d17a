package dev.tributary.postgres.cdc;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Properties;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Debezium's value converter for {@code money} columns, with the same schema (a Connect decimal of
 * scale 2), that keeps an exact amount exact. Debezium's own turns any number but a Double into a
 * whole amount, so the exact snapshot amounts of {@link ExactValuesResultSet} need this one. The
 * stream hands over a Double, as Debezium decodes it; it is converted as Debezium does.
 *
 * <p>Registered by {@link PostgresCdcSourceFactory} through Debezium's {@code converters} property,
 * so it must be public with a public no-argument constructor.
 */
public final class ExactMoneyConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** The name it is registered under in Debezium's {@code converters}. */
    static final String NAME = "tributarymoney";

    @Override
    public void configure(Properties props) {}

    @Override
    public void converterFor(
            RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if ("money".equals(column.typeName())) {
            registration.register(Decimal.builder(MoneyText.SCALE), ExactMoneyConverter::amount);
        }
    }

    /** The amount with scale 2, or null for null. */
    static BigDecimal amount(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).setScale(MoneyText.SCALE, RoundingMode.UNNECESSARY);
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue())
                    .setScale(MoneyText.SCALE, RoundingMode.HALF_UP);
        }
        if (value instanceof Number) {
            return BigDecimal.valueOf(((Number) value).longValue()).setScale(MoneyText.SCALE);
        }
        if (value instanceof String) {
            String text = (String) value;
            return text.indexOf('$') >= 0
                    ? MoneyText.parse(text)
                    : new BigDecimal(text).setScale(MoneyText.SCALE, RoundingMode.UNNECESSARY);
        }
        throw new IllegalArgumentException("not a money value: a " + value.getClass().getName());
    }
}
