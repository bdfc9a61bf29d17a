package dev.tributary.runtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:default}} in a value with the environment variable,
 * and {@code ${file:/path}} with the trimmed contents of a file (for secrets mounted as files).
 * {@code $$} escapes a dollar sign.
 */
public final class EnvSubstitution {
    private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\{([^}:]+)(?::([^}]*))?}");

    private final Function<String, String> env;

    public EnvSubstitution(Function<String, String> env) {
        this.env = env;
    }

    /** Substitutes the references in {@code text}; problems are reported under {@code path}. */
    public String apply(String text, String path, Problems problems) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(1).equals("file") && m.group(2) != null) {
                replacement = readFile(m.group(2), path, problems);
            } else {
                String value = env.apply(m.group(1));
                if (value == null) {
                    value = m.group(2);
                }
                if (value == null) {
                    problems.add(
                            path,
                            "environment variable "
                                    + m.group(1)
                                    + " is not set and has no default (write ${"
                                    + m.group(1)
                                    + ":default} to give one)");
                    value = "";
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String readFile(String file, String path, Problems problems) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            problems.add(path, "cannot read the secret file " + file + ": " + e.getMessage());
            return "";
        }
    }
}
