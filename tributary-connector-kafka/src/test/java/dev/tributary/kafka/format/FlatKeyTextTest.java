package dev.tributary.kafka.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlatKeyTextTest {
    private static final List<String> NAMES = List.of("id", "region");
    private static final FlatKeyText CHECK = FlatKeyText.of(NAMES);
    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void acceptsFlatObjectsWithTheSameNames() {
        for (String key :
                List.of(
                        "{\"id\":7,\"region\":\"eu\"}",
                        " { \"id\" : -0.5e+3 , \"region\" : null } ",
                        "{\"id\":0,\"region\":true}",
                        "{\"id\":12345678901234567890123,\"region\":false}",
                        "{\"id\":\"a b\",\"region\":1E9}",
                        "{\n\t\"id\":1,\r\n\"region\":\"\"}")) {
            assertThat(CHECK.matches(bytes(key))).as(key).isTrue();
        }
    }

    @Test
    void refusesEverythingElse() {
        for (String key :
                List.of(
                        "{\"id\":7}",
                        "{\"region\":\"eu\",\"id\":7}",
                        "{\"id\":7,\"region\":\"eu\",\"x\":1}",
                        "{\"id\":7,\"region\":\"eu\"}x",
                        "{\"id\":7,\"region\":\"eu\"",
                        "{\"id\":07,\"region\":1}",
                        "{\"id\":1.,\"region\":1}",
                        "{\"id\":1e,\"region\":1}",
                        "{\"id\":-,\"region\":1}",
                        "{\"id\":+1,\"region\":1}",
                        "{\"id\":tru,\"region\":1}",
                        "{\"id\":{\"a\":1},\"region\":1}",
                        "{\"id\":[1],\"region\":1}",
                        "{\"id\":\"a\\\"b\",\"region\":1}",
                        "{\"id\":\"é\",\"region\":1}",
                        "{\"id\":1,,\"region\":1}",
                        "{\"i\\u0064\":1,\"region\":1}",
                        "null",
                        "7",
                        "")) {
            assertThat(CHECK.matches(bytes(key))).as(key).isFalse();
        }
    }

    @Test
    void takesNoNamesThatNeedEscapesOrLookLikeAnEnvelope() {
        assertThat(FlatKeyText.of(List.of())).isNull();
        assertThat(FlatKeyText.of(List.of("a\"b"))).isNull();
        assertThat(FlatKeyText.of(List.of("a\\b"))).isNull();
        assertThat(FlatKeyText.of(List.of("a\nb"))).isNull();
        assertThat(FlatKeyText.of(List.of("payload"))).isNull();
        assertThat(FlatKeyText.of(List.of("schema", "id"))).isNull();
        assertThat(FlatKeyText.of(List.of("id", "schema"))).isNotNull();
        assertThat(FlatKeyText.of(List.of("größe")).matches(bytes("{\"größe\":1}"))).isTrue();
    }

    /**
     * Random edits of good keys: whatever the check accepts, Jackson must read as an object of
     * exactly these names with scalar values and nothing after it.
     */
    @Test
    void acceptsNothingThatJacksonWouldReadOtherwise() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        byte[] alphabet = bytes("{}[]\",:.-+eE0123456789 \ttrufalsn\\idregonx");
        String[] seeds = {
            "{\"id\":7,\"region\":\"eu\"}",
            "{\"id\":-1.5e3,\"region\":null}",
            "{\"id\":0,\"region\":true}"
        };
        int accepted = 0;
        for (int round = 0; round < 200_000; round++) {
            byte[] b = bytes(seeds[random.nextInt(seeds.length)]);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                b = RandomEdits.edit(b, 0, random, alphabet);
            }
            if (CHECK.matches(b)) {
                accepted++;
                assertThat(jacksonNames(b))
                        .as(new String(b, StandardCharsets.UTF_8))
                        .isEqualTo(NAMES);
            }
        }
        assertThat(accepted).isGreaterThan(1000);
    }

    /** The field names of a flat object with scalar values, or null when it is anything else. */
    private static List<String> jacksonNames(byte[] b) throws IOException {
        try (JsonParser p = JSON.createParser(b)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
                names.add(f);
                JsonToken t = p.nextToken();
                if (t.isStructStart()) {
                    return null;
                }
                // Make Jackson read the whole value: numbers are checked when their text is read.
                p.getText();
                if (t.isNumeric()) {
                    p.getNumberValue();
                }
            }
            return p.nextToken() == null ? names : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
