package dev.tributary.kafka.format;

import dev.tributary.api.spi.TableDeclarations;
import java.util.HashMap;
import java.util.Map;

/** The per-topic state of one decoder, looked up by topic name. Not thread-safe. */
final class Topics {
    private final TableDeclarations declarations;
    private final Map<String, TopicState> byName = new HashMap<>();
    private TopicState last;

    Topics(TableDeclarations declarations) {
        this.declarations = declarations;
    }

    TopicState get(String topic) {
        TopicState t = last;
        if (t != null && t.topic.equals(topic)) {
            return t;
        }
        t = byName.computeIfAbsent(topic, name -> TopicState.of(name, declarations));
        last = t;
        return t;
    }
}
