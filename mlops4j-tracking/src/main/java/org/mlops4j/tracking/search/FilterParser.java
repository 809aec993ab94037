package org.mlops4j.tracking.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mlops4j.tracking.search.Filter.Comparison;
import org.mlops4j.tracking.search.Filter.Operator;
import org.mlops4j.tracking.search.Filter.Value;
import org.mlops4j.tracking.search.Token.Type;

/**
 * Recursive descent over:
 * <pre>
 * filter     := or END
 * or         := and ("OR" and)*
 * and        := primary ("AND" primary)*
 * primary    := "(" or ")" | comparison
 * comparison := key operator value
 * operator   := "=" | "!=" | "&gt;" | "&gt;=" | "&lt;" | "&lt;=" | "LIKE" | "ILIKE" | "IN" | "NOT" "IN"
 * value      := STRING | NUMBER | "(" STRING ("," STRING)* ")"
 * </pre>
 * Keywords are case-insensitive. Nested operators of the same kind are flattened and a lone operand
 * is returned unwrapped. One instance parses one string.
 */
final class FilterParser {
    static final int MAX_DEPTH = 100;

    private final EntityRules rules;
    private final TokenCursor cursor;

    private FilterParser(EntityRules rules, Input input) {
        this.rules = rules;
        this.cursor = new TokenCursor(input);
    }

    static Filter parse(EntityRules rules, String filter) {
        return new FilterParser(rules, new Input("filter", filter)).parse();
    }

    private Filter parse() {
        Filter filter = or(0, null);
        Token token = cursor.peek();
        if (token.is(Type.RPAREN)) {
            throw cursor.error(token, "unbalanced parentheses: ')' without a matching '('");
        }
        if (!token.is(Type.END)) {
            throw cursor.expected("AND, OR or the end of the filter", cursor.previous().raw(), token);
        }
        return filter;
    }

    private Filter or(int depth, Token after) {
        List<Filter> operands = new ArrayList<>();
        addFlattened(operands, and(depth, after), true);
        while (cursor.peek().isKeyword("OR")) {
            Token or = cursor.next();
            addFlattened(operands, and(depth, or), true);
        }
        return operands.size() == 1 ? operands.getFirst() : new Filter.Or(operands);
    }

    private Filter and(int depth, Token after) {
        List<Filter> operands = new ArrayList<>();
        addFlattened(operands, primary(depth, after), false);
        while (cursor.peek().isKeyword("AND")) {
            Token and = cursor.next();
            addFlattened(operands, primary(depth, and), false);
        }
        return operands.size() == 1 ? operands.getFirst() : new Filter.And(operands);
    }

    private static void addFlattened(List<Filter> operands, Filter operand, boolean intoOr) {
        if (intoOr && operand instanceof Filter.Or or) {
            operands.addAll(or.operands());
        } else if (!intoOr && operand instanceof Filter.And and) {
            operands.addAll(and.operands());
        } else {
            operands.add(operand);
        }
    }

    private Filter primary(int depth, Token after) {
        Token token = cursor.peek();
        if (token.is(Type.LPAREN)) {
            if (depth >= MAX_DEPTH) {
                throw cursor.error(token, "parentheses nested deeper than " + MAX_DEPTH + " levels");
            }
            cursor.next();
            Filter inner = or(depth + 1, token);
            Token close = cursor.peek();
            if (close.is(Type.END)) {
                throw cursor.error(token, "unbalanced parentheses: '(' is never closed");
            }
            if (!close.is(Type.RPAREN)) {
                throw cursor.expected("AND, OR or ')'", cursor.previous().raw(), close);
            }
            cursor.next();
            return inner;
        }
        if (!token.is(Type.IDENT) || TokenCursor.isReserved(token)) {
            throw cursor.expected("a comparison such as metrics.rmse < 0.5", after == null ? null : after.raw(), token);
        }
        return comparison();
    }

    private Filter comparison() {
        EntityRules.Key key = rules.readKey(cursor);
        Token operatorToken = cursor.peek();
        Operator operator = operator(key);
        if (!key.rule().operators().contains(operator)) {
            throw cursor.error(operatorToken, "operator '" + operator.symbol() + "' is not allowed for "
                    + describe(key) + " (allowed: " + key.rule().allowed() + ")");
        }
        String after = operator.symbol();
        Value value = operator == Operator.IN || operator == Operator.NOT_IN ? list(after) : scalar(key, after);
        return new Comparison(key.entity().entity(), key.name(), operator, value);
    }

    private Operator operator(EntityRules.Key key) {
        Token token = cursor.peek();
        if (token.is(Type.OPERATOR)) {
            Operator operator = switch (token.raw()) {
                case "=" -> Operator.EQ;
                case "!=" -> Operator.NE;
                case ">" -> Operator.GT;
                case ">=" -> Operator.GE;
                case "<" -> Operator.LT;
                case "<=" -> Operator.LE;
                default -> throw cursor.error(token, "unknown operator '" + token.raw()
                        + "' (valid: =, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN)");
            };
            cursor.next();
            return operator;
        }
        if (token.is(Type.IDENT)) {
            switch (token.raw().toUpperCase(Locale.ROOT)) {
                case "LIKE" -> {
                    cursor.next();
                    return Operator.LIKE;
                }
                case "ILIKE" -> {
                    cursor.next();
                    return Operator.ILIKE;
                }
                case "IN" -> {
                    cursor.next();
                    return Operator.IN;
                }
                case "NOT" -> {
                    cursor.next();
                    if (!cursor.peek().isKeyword("IN")) {
                        throw cursor.expected("IN", token.raw(), cursor.peek());
                    }
                    cursor.next();
                    return Operator.NOT_IN;
                }
                default -> {
                    // fall through to the error below
                }
            }
        }
        throw cursor.expected("an operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN)", key.written(), token);
    }

    private Value scalar(EntityRules.Key key, String after) {
        Token token = cursor.peek();
        if (token.is(Type.END)) {
            throw cursor.expected("a value", after, token);
        }
        if (key.rule().kind() == KeyRule.ValueKind.NUMBER) {
            if (!token.is(Type.NUMBER)) {
                throw cursor.error(token, describe(key) + " needs a numeric value but found " + token.describe());
            }
            cursor.next();
            return new Filter.Number(Double.parseDouble(token.raw()));
        }
        if (!token.is(Type.STRING)) {
            throw cursor.error(token, describe(key) + " needs a quoted string value (e.g. 'abc') but found "
                    + token.describe());
        }
        if (token.quote() == '`') {
            throw cursor.error(token, "values must be quoted with single or double quotes, not backticks");
        }
        cursor.next();
        return new Filter.Text(token.value());
    }

    private Value list(String after) {
        Token open = cursor.peek();
        if (!open.is(Type.LPAREN)) {
            throw cursor.expected("'(' starting a list of quoted strings", after, open);
        }
        cursor.next();
        if (cursor.peek().is(Type.RPAREN)) {
            throw cursor.error(cursor.peek(), "the " + after + " list must not be empty");
        }
        List<String> values = new ArrayList<>();
        while (true) {
            Token item = cursor.peek();
            if (!item.is(Type.STRING) || item.quote() == '`') {
                throw cursor.expected("a quoted string", cursor.previous().raw(), item);
            }
            cursor.next();
            values.add(item.value());
            Token separator = cursor.peek();
            if (separator.is(Type.RPAREN)) {
                cursor.next();
                return new Filter.TextList(values);
            }
            if (separator.is(Type.END)) {
                throw cursor.error(open, "unbalanced parentheses: the " + after + " list is never closed");
            }
            if (!separator.is(Type.COMMA)) {
                throw cursor.expected("',' or ')'", item.raw(), separator);
            }
            cursor.next();
        }
    }

    private static String describe(EntityRules.Key key) {
        return key.entity().label() + " '" + key.written() + "'";
    }
}
