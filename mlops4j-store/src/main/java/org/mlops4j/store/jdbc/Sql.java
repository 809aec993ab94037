package org.mlops4j.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** SQL text with positional arguments, built up piece by piece. Not thread-safe; use per query. */
public final class Sql {
    private final StringBuilder text = new StringBuilder();
    private final List<Object> args = new ArrayList<>();

    public Sql append(String sql, Object... arguments) {
        text.append(sql);
        Collections.addAll(args, arguments);
        return this;
    }

    /** Appends {@code (?, ?, ...)} for the values. */
    public Sql appendList(Collection<?> values) {
        text.append('(');
        int i = 0;
        for (Object value : values) {
            text.append(i++ == 0 ? "?" : ", ?");
            args.add(value);
        }
        return append(")");
    }

    public Query query(Handle handle) {
        Query query = handle.createQuery(text.toString());
        for (int i = 0; i < args.size(); i++) {
            query.bind(i, args.get(i));
        }
        return query;
    }

    @Override
    public String toString() {
        return text + " " + args;
    }
}
