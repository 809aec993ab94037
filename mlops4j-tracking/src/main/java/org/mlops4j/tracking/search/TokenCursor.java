package org.mlops4j.tracking.search;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mlops4j.core.MlopsException;

/** A position in a token list, plus error reporting against the source text. */
final class TokenCursor {
    /** Words that can never start a key. */
    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "IN", "LIKE", "ILIKE");

    private final Input input;
    private final List<Token> tokens;
    private int index;

    TokenCursor(Input input) {
        this.input = input;
        this.tokens = Tokenizer.tokenize(input);
    }

    Token peek() {
        return tokens.get(index);
    }

    /** Consumes and returns the current token; the END token is never consumed past. */
    Token next() {
        Token token = tokens.get(index);
        if (!token.is(Token.Type.END)) {
            index++;
        }
        return token;
    }

    /** The most recently consumed token, or null at the start. */
    Token previous() {
        return index == 0 ? null : tokens.get(index - 1);
    }

    static boolean isReserved(Token token) {
        return token.is(Token.Type.IDENT) && RESERVED.contains(token.raw().toUpperCase(Locale.ROOT));
    }

    MlopsException error(Token at, String problem) {
        return input.error(at.position(), problem);
    }

    /** {@code expected <what> [after '<after>'] [but found '<found>']}, reported at {@code found}. */
    MlopsException expected(String what, String after, Token found) {
        StringBuilder problem = new StringBuilder("expected ").append(what);
        if (after != null) {
            problem.append(" after '").append(after).append('\'');
        }
        if (!found.is(Token.Type.END)) {
            problem.append(" but found ").append(found.describe());
        }
        return error(found, problem.toString());
    }
}
