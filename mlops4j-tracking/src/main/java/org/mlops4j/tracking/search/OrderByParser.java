package org.mlops4j.tracking.search;

import org.mlops4j.tracking.search.Token.Type;

/** Parses {@code <key> [ASC|DESC]}, keys as in filters; ascending by default. */
final class OrderByParser {

    private OrderByParser() {
    }

    static OrderBy parse(EntityRules rules, String orderBy) {
        TokenCursor cursor = new TokenCursor(new Input("order_by clause", orderBy == null ? "" : orderBy));
        Token first = cursor.peek();
        if (!first.is(Type.IDENT) || TokenCursor.isReserved(first) || isDirection(first)) {
            throw cursor.expected("a sort key such as metrics.rmse", null, first);
        }
        EntityRules.Key key = rules.readKey(cursor);
        boolean ascending = true;
        Token direction = cursor.peek();
        boolean hasDirection = direction.is(Type.IDENT);
        if (hasDirection) {
            if (!isDirection(direction)) {
                throw cursor.error(direction, "unknown sort direction '" + direction.raw() + "' (valid: ASC, DESC)");
            }
            ascending = direction.isKeyword("ASC");
            cursor.next();
        }
        Token end = cursor.peek();
        if (!end.is(Type.END)) {
            throw cursor.expected(hasDirection ? "the end of the clause" : "ASC, DESC or the end of the clause",
                    cursor.previous().raw(), end);
        }
        return new OrderBy(key.entity().entity(), key.name(), ascending);
    }

    private static boolean isDirection(Token token) {
        return token.isKeyword("ASC") || token.isKeyword("DESC");
    }
}
