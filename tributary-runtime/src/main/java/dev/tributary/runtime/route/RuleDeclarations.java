package dev.tributary.runtime.route;

import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.spi.TableDeclarations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The schemas declared with {@code columns:} in the table rules; first matching rule wins. */
public final class RuleDeclarations implements TableDeclarations {
    private static final long serialVersionUID = 1L;

    private final List<TableRule> rules;
    private transient Map<TableId, Optional<TableSchema>> cache;

    public RuleDeclarations(List<TableRule> rules) {
        this.rules = List.copyOf(rules);
    }

    @Override
    public TableSchema schemaFor(TableId table) {
        if (cache == null) {
            cache = new HashMap<>();
        }
        Optional<TableSchema> schema = cache.get(table);
        if (schema == null) {
            schema = lookup(table);
            cache.put(table, schema);
        }
        return schema.orElse(null);
    }

    private Optional<TableSchema> lookup(TableId table) {
        for (TableRule rule : rules) {
            if (rule.matches(table)) {
                return Optional.ofNullable(rule.declaredSchema());
            }
        }
        return Optional.empty();
    }
}
