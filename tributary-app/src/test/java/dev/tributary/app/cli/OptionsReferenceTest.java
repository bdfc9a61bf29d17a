package dev.tributary.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.runtime.config.OptionsReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/options.md is generated from the declared options. Run with {@code
 * -Dtributary.docs.write=true} to rewrite it after changing an option.
 */
class OptionsReferenceTest {
    private static final Path PAGE = Path.of("..", "docs", "options.md");

    @Test
    void theOptionsPageMatchesTheDeclaredOptions() throws Exception {
        String rendered = OptionsReference.render();
        if (Boolean.getBoolean("tributary.docs.write")) {
            Files.writeString(PAGE, rendered);
        }
        assertThat(Files.readString(PAGE))
                .as(
                        "docs/options.md is stale: run mvn -pl tributary-app test -Dtest=OptionsReferenceTest"
                                + " -Dtributary.docs.write=true")
                .isEqualTo(rendered);
    }
}
