package dev.tributary.jdbc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks passwords in text that may be logged or shown: {@code password=...} parameters of JDBC URLs
 * (also {@code pwd}, {@code passwd}, {@code secret}), credentials written as {@code
 * //user:secret@host}, and every occurrence of a known password. Stateless.
 */
public final class Secrets {
    public static final String MASK = "****";

    private static final Pattern PARAMETER =
            Pattern.compile("(?i)((?:password|passwd|pwd|secret)\\s*=\\s*)([^&;,\\s)]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)([^@/\\s]*)(@)");

    private Secrets() {}

    /** {@code text} with password parameters and URL credentials masked; null stays null. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String s = PARAMETER.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return USER_INFO.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
    }

    /** Like {@link #mask(String)}, and also masks every occurrence of {@code password} itself. */
    public static String mask(String text, String password) {
        String s = mask(text);
        if (s != null && password != null && !password.isEmpty()) {
            s = s.replace(password, MASK);
        }
        return s;
    }
}
