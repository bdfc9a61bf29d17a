package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** The one JSON reader setup the decoders share. Thread-safe. */
final class Json {
    /**
     * Reads numbers exactly: decimals stay BigDecimal with their scale, so nested JSON kept as text
     * prints what was written.
     */
    static final ObjectMapper MAPPER =
            JsonMapper.builder(
                            // A parser is made per record. Jackson's default buffer pool is found
                            // through a ThreadLocal, and in Flink's crowded task threads that
                            // lookup cost as much as a sixth of the task's time; a bounded shared
                            // pool does not depend on it.
                            JsonFactory.builder()
                                    .recyclerPool(JsonRecyclerPools.newBoundedPool(16))
                                    .build())
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .build();

    static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {}

    static JsonParser parser(byte[] bytes, int offset, int length) throws IOException {
        return FACTORY.createParser(bytes, offset, length);
    }

    /**
     * A factory for the parsers of one decoder, made per record: they reuse one set of buffers
     * without a lock ({@link SingleThreadRecyclerPool}). Not thread-safe. Its parsers have no
     * codec; {@link #subtreeText} reads their trees with the shared mapper.
     */
    static JsonFactory singleThreadFactory() {
        return JsonFactory.builder().recyclerPool(new SingleThreadRecyclerPool()).build();
    }

    /**
     * The JSON text of the object or array the parser stands at; leaves it at the closing token.
     */
    static String subtreeText(JsonParser p) throws IOException {
        return MAPPER.writeValueAsString(MAPPER.readTree(p));
    }

    /** A parse error's message without Jackson's source excerpt, with line and column. */
    static String describe(JsonProcessingException e) {
        String where =
                e.getLocation() == null
                        ? ""
                        : " at line "
                                + e.getLocation().getLineNr()
                                + ", column "
                                + e.getLocation().getColumnNr();
        return e.getOriginalMessage() + where;
    }
}
