package dev.tributary.jdbc.dialect;

/** A dialect with nothing but the standard SQL of {@link AbstractDialect}, for unit tests. */
public final class TestDialect extends AbstractDialect {
    @Override
    public String name() {
        return "test";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:tributary-test:");
    }

    @Override
    public String urlForm() {
        return "jdbc:tributary-test:...";
    }
}
