package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * The value at a parser's current token as a {@link JsonScalar}. The parser's own failures (a
 * number that is not valid JSON) come out as {@link UncheckedIOException}; an integral number
 * beyond 64 bits makes {@link #integral} say "out of range".
 */
final class ParserScalar implements JsonScalar {
    private final JsonParser parser;
    private final JsonToken token;

    ParserScalar(JsonParser parser, JsonToken token) {
        this.parser = parser;
        this.token = token;
    }

    @Override
    public Kind kind() {
        switch (token) {
            case VALUE_STRING:
                return Kind.STRING;
            case VALUE_TRUE:
                return Kind.TRUE;
            case VALUE_FALSE:
                return Kind.FALSE;
            case VALUE_NUMBER_INT:
                return Kind.INTEGRAL;
            case VALUE_NUMBER_FLOAT:
                return Kind.FRACTIONAL;
            case VALUE_NULL:
                return Kind.NULL;
            default:
                return Kind.STRUCTURE;
        }
    }

    @Override
    public String text() {
        try {
            return parser.getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long integral() {
        try {
            return parser.getLongValue();
        } catch (InputCoercionException e) {
            throw new IllegalArgumentException("out of range", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public BigDecimal decimal() {
        try {
            return parser.getDecimalValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public double doubleValue() {
        try {
            return parser.getDoubleValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
