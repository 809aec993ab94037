package org.mlops4j.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mlops4j.tracking.search.Token.Type.COMMA;
import static org.mlops4j.tracking.search.Token.Type.END;
import static org.mlops4j.tracking.search.Token.Type.IDENT;
import static org.mlops4j.tracking.search.Token.Type.LPAREN;
import static org.mlops4j.tracking.search.Token.Type.NUMBER;
import static org.mlops4j.tracking.search.Token.Type.OPERATOR;
import static org.mlops4j.tracking.search.Token.Type.RPAREN;
import static org.mlops4j.tracking.search.Token.Type.STRING;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static List<Token> tokens(String text) {
        return Tokenizer.tokenize(new Input("filter", text));
    }

    @Test
    void tokenize_clauseGivesTypedTokensWithPositions() {
        assertThat(tokens("metrics.val/loss>=-1.5e3 AND run_id IN ('a',\"b\")"))
                .extracting(Token::type, Token::value, Token::position)
                .containsExactly(
                        tuple(IDENT, "metrics.val/loss", 0),
                        tuple(OPERATOR, ">=", 16),
                        tuple(NUMBER, "-1.5e3", 18),
                        tuple(IDENT, "AND", 25),
                        tuple(IDENT, "run_id", 29),
                        tuple(IDENT, "IN", 36),
                        tuple(LPAREN, "(", 39),
                        tuple(STRING, "a", 40),
                        tuple(COMMA, ",", 43),
                        tuple(STRING, "b", 44),
                        tuple(RPAREN, ")", 47),
                        tuple(END, "", 48));
    }

    @Test
    void tokenize_quotedKeyIsAdjacentStringToken() {
        List<Token> tokens = tokens("params.`a b`");
        assertThat(tokens.get(0).raw()).isEqualTo("params.");
        assertThat(tokens.get(1).position()).isEqualTo(tokens.get(0).end());
        assertThat(tokens.get(1).quote()).isEqualTo('`');
        assertThat(tokens.get(1).value()).isEqualTo("a b");
    }

    @Test
    void tokenize_stringEscapesAreDecodedButRawIsKept() {
        Token token = tokens("'a''b\\'c\\\\d\\e'").getFirst();
        assertThat(token.value()).isEqualTo("a'b'c\\d\\e");
        assertThat(token.raw()).isEqualTo("'a''b\\'c\\\\d\\e'");
    }

    @Test
    void tokenize_minusBeforeNonDigitIsNotANumber() {
        assertThat(tokens("a-b")).extracting(Token::type).containsExactly(IDENT, END);
    }
}
