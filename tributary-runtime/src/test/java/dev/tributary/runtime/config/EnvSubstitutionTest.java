package dev.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvSubstitutionTest {
    private final EnvSubstitution env = new EnvSubstitution(Map.of("HOST", "db1")::get);

    @Test
    void substitutesVariablesDefaultsAndEscapes() {
        Problems p = new Problems();
        assertThat(env.apply("jdbc:postgresql://${HOST}:${PORT:5432}/x?a=$$1", "k", p))
                .isEqualTo("jdbc:postgresql://db1:5432/x?a=$1");
        assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void readsSecretsFromFiles(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "s3cret\n");
        assertThat(env.apply("${file:" + secret + "}", "k", new Problems())).isEqualTo("s3cret");
    }

    @Test
    void masksPasswordsInUrls() {
        assertThat(Secrets.maskUrl("jdbc:postgresql://h/db?user=a&password=x&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
        assertThat(Secrets.maskUrl("postgres://bob:pw@host/db"))
                .isEqualTo("postgres://bob:****@host/db");
    }
}
