package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads a JSON value without a declared type, as {@link dev.tributary.api.event.LooseValues} and
 * the sinks expect it: String, Boolean, Long for integral numbers (BigDecimal beyond 64 bits),
 * BigDecimal for other numbers, and the JSON text of nested objects and arrays.
 */
final class LooseJson {
    private LooseJson() {}

    /**
     * The value at the parser's current token {@code t}; leaves the parser on the value's last
     * token.
     */
    static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(p.getBigIntegerValue())
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue();
            case START_OBJECT:
            case START_ARRAY:
                return Json.subtreeText(p);
            default:
                throw Failures.parse("unexpected JSON token " + t);
        }
    }
}
