package org.mlops4j.train.predict;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;

/**
 * Streams XGBoost's JSON model into primitive arrays: only the fields the evaluator needs are read
 * (children, split features, split conditions, default directions, split types, tree groups), and
 * everything else (gains, hessians, base weights) is skipped without being materialised.
 */
final class XgboostTreeReader {
    /** One tree's arrays, as XGBoost stores them. */
    record Tree(int[] left, int[] right, int[] feature, float[] condition, int[] defaultLeft, int[] splitType,
                String leafVectorSize) {
    }

    /** The parts of a gbtree model the evaluator uses; {@code learner} holds the small objects (objective, params). */
    record Parsed(JsonNode learner, String booster, List<Tree> trees, int[] treeInfo) {
    }

    /** The platform's JSON settings, plus the fast floating-point parser (models hold ~10^5 numbers). */
    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = Json.mapper().getFactory().rebuild()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build()
            .setCodec(Json.mapper());

    private XgboostTreeReader() {
    }

    static Parsed read(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            ObjectNode learner = null;
            String[] booster = {null};
            List<Tree> trees = new ArrayList<>();
            int[][] treeInfo = {new int[0]};
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("learner")) {
                    learner = readLearner(p, booster, trees, treeInfo);
                } else {
                    p.skipChildren();
                }
            }
            if (learner == null) {
                throw MlopsException.invalidParameter("Not an XGBoost JSON model: no 'learner' object");
            }
            return new Parsed(learner, booster[0], trees, treeInfo[0]);
        } catch (IOException e) {
            throw MlopsException.invalidParameter("Model file is not valid JSON: %s", e.getMessage());
        }
    }

    private static ObjectNode readLearner(JsonParser p, String[] booster, List<Tree> trees, int[][] treeInfo)
            throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT);
        ObjectNode learner = JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "gradient_booster" -> {
                    expect(p, p.currentToken(), JsonToken.START_OBJECT);
                    ObjectNode summary = learner.putObject("gradient_booster");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        if (f.equals("name")) {
                            booster[0] = p.getValueAsString();
                            summary.put("name", booster[0]);
                        } else if (f.equals("model") && p.currentToken() == JsonToken.START_OBJECT) {
                            readModel(p, trees, treeInfo);
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                case "learner_model_param", "objective" -> learner.set(field, p.readValueAsTree());
                default -> p.skipChildren();
            }
        }
        return learner;
    }

    private static void readModel(JsonParser p, List<Tree> trees, int[][] treeInfo) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("trees") && p.currentToken() == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    trees.add(readTree(p));
                }
            } else if (field.equals("tree_info") && p.currentToken() == JsonToken.START_ARRAY) {
                treeInfo[0] = readInts(p);
            } else {
                p.skipChildren();
            }
        }
    }

    private static Tree readTree(JsonParser p) throws IOException {
        int[] left = null;
        int[] right = null;
        int[] feature = null;
        float[] condition = null;
        int[] defaultLeft = null;
        int[] splitType = new int[0];
        String leafSize = "1";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "left_children" -> left = readInts(p);
                case "right_children" -> right = readInts(p);
                case "split_indices" -> feature = readInts(p);
                case "split_conditions" -> condition = readFloats(p);
                case "default_left" -> defaultLeft = readInts(p);
                case "split_type" -> splitType = readInts(p);
                case "tree_param" -> {
                    JsonNode param = p.readValueAsTree();
                    leafSize = param.path("size_leaf_vector").asText("1");
                }
                default -> {
                    if (token.isStructStart()) {
                        p.skipChildren();
                    }
                }
            }
        }
        if (left == null || right == null || feature == null || condition == null || defaultLeft == null) {
            throw MlopsException.invalidParameter("An XGBoost tree lacks one of left_children, right_children, "
                    + "split_indices, split_conditions, default_left");
        }
        return new Tree(left, right, feature, condition, defaultLeft, splitType, leafSize);
    }

    private static int[] readInts(JsonParser p) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_ARRAY);
        int[] out = new int[16];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = switch (t) {
                case VALUE_NUMBER_INT -> p.getIntValue();
                case VALUE_TRUE -> 1;
                case VALUE_FALSE -> 0;
                default -> throw MlopsException.invalidParameter("Expected an integer in the model file, got %s", t);
            };
        }
        return Arrays.copyOf(out, n);
    }

    private static float[] readFloats(JsonParser p) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_ARRAY);
        float[] out = new float[16];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw MlopsException.invalidParameter("Expected a number in the model file, got %s", t);
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = (float) p.getDoubleValue();
        }
        return Arrays.copyOf(out, n);
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw MlopsException.invalidParameter("Unexpected %s in the model file at %s (expected %s)", actual,
                    p.currentLocation(), expected);
        }
    }
}
