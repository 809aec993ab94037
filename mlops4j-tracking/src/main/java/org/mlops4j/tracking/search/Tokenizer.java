package org.mlops4j.tracking.search;

import java.util.ArrayList;
import java.util.List;
import org.mlops4j.core.MlopsException;
import org.mlops4j.tracking.search.Token.Type;

/**
 * Splits a search string into tokens. Context-free: whether a quoted token is a key or a value is
 * the parser's business. Identifiers may contain letters, digits and {@code _ . - / :}; strings are
 * quoted with {@code '}, {@code "} or a backtick, where a doubled quote or a backslash before the quote
 * (or before a backslash) escapes it; numbers are decimal with optional sign, fraction and exponent.
 */
final class Tokenizer {
    private static final String OPERATOR_CHARS = "=!<>";
    private static final String IDENT_EXTRA_CHARS = "_.-/:";

    private final Input input;
    private final String s;
    private int pos;

    private Tokenizer(Input input) {
        this.input = input;
        this.s = input.text();
    }

    /** All tokens, ending with one {@link Type#END} token positioned at the end of the text. */
    static List<Token> tokenize(Input input) {
        return new Tokenizer(input).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (pos >= s.length()) {
                tokens.add(new Token(Type.END, "", "", s.length()));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        char c = s.charAt(pos);
        int start = pos;
        if (c == '(' || c == ')' || c == ',') {
            pos++;
            Type type = c == '(' ? Type.LPAREN : c == ')' ? Type.RPAREN : Type.COMMA;
            return new Token(type, String.valueOf(c), String.valueOf(c), start);
        }
        if (c == '\'' || c == '"' || c == '`') {
            return quoted(c);
        }
        if (startsNumber()) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < s.length() && isIdentPart(s.charAt(pos))) {
                pos++;
            }
            String raw = s.substring(start, pos);
            return new Token(Type.IDENT, raw, raw, start);
        }
        if (OPERATOR_CHARS.indexOf(c) >= 0) {
            while (pos < s.length() && OPERATOR_CHARS.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String raw = s.substring(start, pos);
            return new Token(Type.OPERATOR, raw, raw, start);
        }
        throw error(start, "unexpected character '" + new String(Character.toChars(s.codePointAt(start))) + "'");
    }

    private Token quoted(char quote) {
        int start = pos++;
        StringBuilder value = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            char following = pos + 1 < s.length() ? s.charAt(pos + 1) : 0;
            if (c == '\\' && (following == quote || following == '\\')) {
                value.append(following);
                pos += 2;
            } else if (c == quote && following == quote) {
                value.append(quote);
                pos += 2;
            } else if (c == quote) {
                pos++;
                return new Token(Type.STRING, s.substring(start, pos), value.toString(), start);
            } else {
                value.append(c);
                pos++;
            }
        }
        throw error(start, "unterminated quoted " + (quote == '`' ? "key" : "string") + " (missing closing " + quote + ")");
    }

    private boolean startsNumber() {
        int i = pos;
        if (s.charAt(i) == '-' || s.charAt(i) == '+') {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
        }
        return i < s.length() && isDigit(s.charAt(i));
    }

    private Token number() {
        int start = pos;
        if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
            pos++;
        }
        skipDigits();
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            skipDigits();
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
                pos++;
            }
            if (pos < s.length() && isDigit(s.charAt(pos))) {
                skipDigits();
            } else {
                pos = mark;
            }
        }
        if (pos < s.length() && isIdentPart(s.charAt(pos))) {
            while (pos < s.length() && isIdentPart(s.charAt(pos))) {
                pos++;
            }
            throw error(start, "invalid number '" + s.substring(start, pos) + "'");
        }
        String raw = s.substring(start, pos);
        if (!Double.isFinite(Double.parseDouble(raw))) {
            throw error(start, "number '" + raw + "' is out of range");
        }
        return new Token(Type.NUMBER, raw, raw, start);
    }

    private void skipDigits() {
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || IDENT_EXTRA_CHARS.indexOf(c) >= 0;
    }

    private MlopsException error(int position, String problem) {
        return input.error(position, problem);
    }
}
