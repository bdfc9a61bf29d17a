package dev.tributary.jdbc.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowDiffTest {
    // columns: region, id, name; key (region, id)
    private final RowDiff diff = new RowDiff(List.of("region", "id", "name"), new int[] {0, 1});

    private static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    @Test
    void namesMissingExtraAndDifferentKeysWithBothSidesValues() {
        List<Difference> found =
                diff.diff(
                        List.of(row("eu", "1", "ann"), row("eu", "2", "bob"), row("us", "1", null)),
                        List.of(
                                row("eu", "2", "bobby"),
                                row("us", "1", null),
                                row("us", "7", "x")));

        assertThat(found)
                .containsExactly(
                        new Difference(
                                Difference.Kind.MISSING_IN_TARGET,
                                Map.of("region", "eu", "id", "1"),
                                Map.of("region", "eu", "id", "1", "name", "ann"),
                                Map.of()),
                        new Difference(
                                Difference.Kind.DIFFERENT,
                                Map.of("region", "eu", "id", "2"),
                                Map.of("region", "eu", "id", "2", "name", "bob"),
                                Map.of("region", "eu", "id", "2", "name", "bobby")),
                        new Difference(
                                Difference.Kind.EXTRA_IN_TARGET,
                                Map.of("region", "us", "id", "7"),
                                Map.of(),
                                Map.of("region", "us", "id", "7", "name", "x")));
        assertThat(found.get(1).columns()).containsExactly("name");
    }

    @Test
    void nullDiffersFromAValue() {
        List<Difference> found =
                diff.diff(List.of(row("eu", "1", null)), List.of(row("eu", "1", "")));

        assertThat(found).hasSize(1);
        assertThat(found.get(0).kind()).isEqualTo(Difference.Kind.DIFFERENT);
        assertThat(found.get(0).source()).containsEntry("name", null);
        assertThat(found.get(0).target()).containsEntry("name", "");
    }

    @Test
    void equalRowsGiveNoDifference() {
        assertThat(diff.diff(List.of(row("eu", "1", "a")), List.of(row("eu", "1", "a")))).isEmpty();
    }
}
