package dev.tributary.jdbc.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LatestChanges} keeps what the writer's map of key to change kept: a replaced key stays in
 * place, a moved key goes last, a change without a key is an entry of its own.
 */
class LatestChangesTest {
    private static RowKey integer(long id) {
        return RowKey.of(new Object[] {id}, new int[] {0});
    }

    private static RowKey text(String id) {
        return RowKey.of(new Object[] {id}, new int[] {0});
    }

    private static List<String> entries(LatestChanges latest) {
        List<String> out = new ArrayList<>();
        for (int e = 0; e < latest.entries(); e++) {
            if (!latest.moved(e)) {
                out.add(latest.kind(e) + "@" + latest.offset(e) + "+" + latest.length(e));
            }
        }
        return out;
    }

    @Test
    void aReplacedKeyKeepsItsPlaceAndAMovedKeyGoesLast() {
        LatestChanges latest = new LatestChanges();
        latest.put(integer(1), Change.Kind.UPSERT, 0, 10);
        latest.put(text("a"), Change.Kind.UPSERT, 10, 10);
        latest.put(null, Change.Kind.AS_IS, 20, 5);
        latest.put(integer(2), Change.Kind.UPSERT, 25, 10);
        latest.put(integer(1), Change.Kind.DELETE, 35, 7);
        latest.moveToEnd(text("a"), Change.Kind.DELETE, 42, 9);
        latest.put(null, Change.Kind.AS_IS, 51, 5);

        assertThat(entries(latest))
                .containsExactly(
                        "DELETE@35+7", "AS_IS@20+5", "UPSERT@25+10", "DELETE@42+9", "AS_IS@51+5");
        assertThat(latest.size()).isEqualTo(5);

        latest.clear();
        assertThat(latest.isEmpty()).isTrue();
        latest.put(integer(1), Change.Kind.UPSERT, 0, 3);
        assertThat(entries(latest)).containsExactly("UPSERT@0+3");
    }

    @Test
    void agreesWithAnInsertionOrderedMapOverManyRandomChangesAndReusesOrShrinks() {
        Random random = new Random(7);
        LatestChanges latest = new LatestChanges();
        // Rounds of very different sizes: the arrays are reused, grown, and shrunk at clear().
        for (int changes : new int[] {200_000, 300, 150_000, 10, 200_000}) {
            Map<Object, String> model = new LinkedHashMap<>();
            int offset = 0;
            for (int i = 0; i < changes; i++) {
                int pick = random.nextInt(100);
                Object modelKey;
                RowKey key;
                if (pick < 2) {
                    modelKey = new Object();
                    key = null;
                } else if (pick < 12) {
                    String s = "k" + random.nextInt(changes / 40 + 1);
                    modelKey = s;
                    key = text(s);
                } else {
                    long id = random.nextInt(changes * 3 / 5 + 1) - changes / 10L;
                    modelKey = id;
                    key = integer(id);
                }
                Change.Kind kind =
                        key == null
                                ? Change.Kind.AS_IS
                                : (random.nextInt(10) == 0
                                        ? Change.Kind.DELETE
                                        : Change.Kind.UPSERT);
                int length = 1 + random.nextInt(50);
                String value = kind + "@" + offset + "+" + length;
                if (key != null && random.nextInt(20) == 0) {
                    latest.moveToEnd(key, kind, offset, length);
                    model.remove(modelKey);
                    model.put(modelKey, value);
                } else {
                    latest.put(key, kind, offset, length);
                    model.put(modelKey, value);
                }
                offset += length;
            }
            assertThat(entries(latest)).containsExactlyElementsOf(model.values());
            assertThat(latest.size()).isEqualTo(model.size());
            latest.clear();
        }
    }
}
