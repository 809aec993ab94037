package org.mlops4j.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;

/** Random strings of grammar tokens either parse or fail with INVALID_PARAMETER_VALUE, nothing else. */
class SearchGrammarFuzzTest {
    private static final List<String> PIECES = List.of(
            "metrics.a", "metric.`b c`", "params.p", "param.\"q r\"", "tags.t", "tags.mlflow.runName", "attributes.status",
            "attr.start_time", "run.id", "run_id", "start_time", "name", "version_number", "experiment_id",
            "datasets.name", "dataset.context", "foo.bar", "metrics.", "tags", "AND", "and", "OR", "or", "NOT", "IN",
            "LIKE", "ILIKE", "ASC", "DESC", "(", "(", ")", ")", ",", "=", "!=", ">", ">=", "<", "<=", "==", "<>", "!",
            "'x'", "'it''s'", "\"y\"", "`z`", "''", "'", "\"", "`", "\\", "1", "-1.5e3", "1e999", "1.2.3", ".5", "-",
            "+", "e", ".", "%", ";", "\u00e9", "\ud83d\ude00", "\t", "((((((((((", "))))))))))");
    private static final List<String> KEYS = List.of("metrics.a", "metrics.`b c`", "params.p", "tags.t",
            "attributes.status", "run_id", "start_time", "name", "version_number", "experiment_id", "datasets.name",
            "creation_time", "tags.\"x y\"");
    private static final List<String> OPERATORS = List.of("=", "!=", ">", ">=", "<", "<=", "LIKE", "ILIKE", "IN",
            "NOT IN", "not in", "like");
    private static final List<String> VALUES = List.of("'x'", "\"y\"", "1", "-1.5e3", "('a', 'b')", "('a')", "()",
            "'it''s'", ".5");
    private static final List<SearchGrammar> GRAMMARS = List.of(SearchGrammar.RUNS, SearchGrammar.EXPERIMENTS,
            SearchGrammar.REGISTERED_MODELS, SearchGrammar.MODEL_VERSIONS);

    @Test
    void parse_randomTokenStringsOnlyEverFailWithInvalidParameter() {
        Random random = new Random(20240611L);
        int parsed = 0;
        for (int i = 0; i < 2_000; i++) {
            String input = randomInput(random);
            SearchGrammar grammar = GRAMMARS.get(random.nextInt(GRAMMARS.size()));
            parsed += attempt(input, () -> grammar.parseFilter(input));
            attempt(input, () -> grammar.parseOrderBy(input));
        }
        assertThat(parsed).as("some random inputs should be valid filters").isPositive();
    }

    @Test
    void parse_deeplyNestedGarbageOnlyEverFailsWithInvalidParameter() {
        Random random = new Random(7L);
        for (int i = 0; i < 50; i++) {
            String input = "(".repeat(random.nextInt(5_000)) + randomInput(random) + ")".repeat(random.nextInt(5_000));
            attempt(input, () -> SearchGrammar.RUNS.parseFilter(input));
        }
    }

    /** Half the time token soup, half the time near-valid clauses with one random corruption. */
    private static String randomInput(Random random) {
        return random.nextBoolean() ? tokenSoup(random) : corruptedClauses(random);
    }

    private static String corruptedClauses(Random random) {
        List<String> pieces = new java.util.ArrayList<>();
        int clauses = 1 + random.nextInt(5);
        int open = 0;
        for (int i = 0; i < clauses; i++) {
            if (i > 0) {
                pieces.add(random.nextBoolean() ? "AND" : "OR");
            }
            while (random.nextInt(4) == 0) {
                pieces.add("(");
                open++;
            }
            pieces.add(pick(random, KEYS));
            pieces.add(pick(random, OPERATORS));
            pieces.add(pick(random, VALUES));
            while (open > 0 && random.nextInt(3) == 0) {
                pieces.add(")");
                open--;
            }
        }
        pieces.add(")".repeat(open));
        int corruptions = random.nextInt(3);
        for (int i = 0; i < corruptions; i++) {
            int at = random.nextInt(pieces.size());
            switch (random.nextInt(3)) {
                case 0 -> pieces.remove(at);
                case 1 -> pieces.set(at, pick(random, PIECES));
                default -> pieces.add(at, pick(random, PIECES));
            }
        }
        return String.join(random.nextInt(5) == 0 ? "" : " ", pieces);
    }

    private static String pick(Random random, List<String> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String tokenSoup(Random random) {
        StringBuilder input = new StringBuilder();
        int count = random.nextInt(12);
        for (int j = 0; j < count; j++) {
            input.append(pick(random, PIECES));
            if (random.nextInt(4) != 0) {
                input.append(' ');
            }
        }
        // Bias towards well-formed clauses so that the parser gets deep, not only the tokenizer.
        if (random.nextInt(3) == 0) {
            input.append(" metrics.a > 1");
        }
        return input.toString();
    }

    /** Returns 1 when the input parsed, 0 when it was rejected properly; fails the test otherwise. */
    private static int attempt(String input, Runnable parse) {
        try {
            parse.run();
            return 1;
        } catch (MlopsException e) {
            assertThat(e.code()).as(input).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
            assertThat(e.getMessage()).as(input).isNotBlank().contains(" at position ");
            return 0;
        } catch (Throwable t) {
            return fail("Unexpected %s for input <%s>", t, input);
        }
    }
}
