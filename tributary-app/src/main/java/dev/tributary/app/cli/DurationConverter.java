package dev.tributary.app.cli;

import dev.tributary.runtime.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations as pipeline files write them: {@code 500ms}, {@code 2s}, {@code 5m}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d = Durations.parse(value);
        if (d == null) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration such as 500ms, 2s or 5m");
        }
        return d;
    }
}
