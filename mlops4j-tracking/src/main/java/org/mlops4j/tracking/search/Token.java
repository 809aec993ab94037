package org.mlops4j.tracking.search;

/**
 * One lexical token of a search string. {@code raw} is the exact source text; {@code value} is the
 * decoded content (string contents without quotes and escapes, otherwise the raw text).
 */
record Token(Type type, String raw, String value, int position) {

    enum Type { IDENT, STRING, NUMBER, OPERATOR, LPAREN, RPAREN, COMMA, END }

    private static final int MAX_SHOWN = 40;

    int end() {
        return position + raw.length();
    }

    /** The opening quote of a {@link Type#STRING} token: {@code '}, {@code "} or a backtick. */
    char quote() {
        return raw.charAt(0);
    }

    boolean is(Type expected) {
        return type == expected;
    }

    boolean isKeyword(String word) {
        return type == Type.IDENT && raw.equalsIgnoreCase(word);
    }

    /** For messages: {@code string 'a'}, {@code number 1}, {@code 'raw'} (shortened when long) or {@code the end}. */
    String describe() {
        String shown = raw.length() > MAX_SHOWN ? raw.substring(0, MAX_SHOWN) + "..." : raw;
        return switch (type) {
            case END -> "the end";
            case STRING -> "string " + shown;
            case NUMBER -> "number " + shown;
            default -> "'" + shown + "'";
        };
    }
}
