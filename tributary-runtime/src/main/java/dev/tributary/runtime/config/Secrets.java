package dev.tributary.runtime.config;

import java.util.regex.Pattern;

/** Masks secrets inside text that gets logged or printed, such as passwords in JDBC URLs. */
public final class Secrets {
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)((?:password|passwd|pwd|sasl\\.jaas\\.config)=)[^&;\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]+@");

    private Secrets() {}

    /** {@code text} with URL password parameters and {@code user:password@} user info masked. */
    public static String maskUrl(String text) {
        if (text == null) {
            return null;
        }
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1****");
        return USER_INFO.matcher(masked).replaceAll("$1****@");
    }
}
