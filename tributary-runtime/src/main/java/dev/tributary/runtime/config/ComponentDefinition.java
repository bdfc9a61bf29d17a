package dev.tributary.runtime.config;

import dev.tributary.api.config.Options;
import dev.tributary.api.spi.Factory;

/**
 * One {@code sources:} or {@code sinks:} entry: its name, its factory and its validated options.
 */
public final class ComponentDefinition<F extends Factory> {
    private final String name;
    private final F factory;
    private final Options options;

    public ComponentDefinition(String name, F factory, Options options) {
        this.name = name;
        this.factory = factory;
        this.options = options;
    }

    public String name() {
        return name;
    }

    public F factory() {
        return factory;
    }

    public Options options() {
        return options;
    }
}
