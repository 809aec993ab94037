package org.mlops4j.train.predict;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mlops4j.core.MlopsException;

/**
 * A tree ensemble read from XGBoost's JSON model (gbtree booster, numerical splits): the trees are
 * flattened into arrays and walked exactly as XGBoost does, in 32-bit floats: a row goes left when
 * {@code value < split}, to the node's default child when the value is missing (NaN), and the leaf
 * values are added to the base margin tree by tree.
 */
public final class TreeEnsemble implements MarginModel {
    private static final int STRIDE = 4; // feature (-1 at a leaf), left, right, missing child

    private final Link link;
    private final int outputs;
    private final int featureCount;
    private final float[] baseMargins;
    private final int[] roots;
    private final int[] groups;
    private final int[] nodes;
    private final float[] values;
    private final Dense dense;

    private TreeEnsemble(Link link, int outputs, int featureCount, float[] baseMargins, int[] roots, int[] groups,
                         int[] nodes, float[] values) {
        this.link = link;
        this.outputs = outputs;
        this.featureCount = featureCount;
        this.baseMargins = baseMargins;
        this.roots = roots;
        this.groups = groups;
        this.nodes = nodes;
        this.values = values;
        this.dense = Dense.of(roots, nodes, values);
    }

    static TreeEnsemble fromXgboostJson(byte[] json) {
        XgboostTreeReader.Parsed parsed = XgboostTreeReader.read(json);
        JsonNode learner = parsed.learner();
        if (!"gbtree".equals(parsed.booster())) {
            throw MlopsException.invalidParameter("Unsupported XGBoost booster '%s' for a tree model (supported: gbtree)",
                    parsed.booster());
        }
        Link link = XgboostJson.link(learner);
        int outputs = XgboostJson.outputs(learner, link);
        int featureCount = XgboostJson.featureCount(learner);
        float[] base = XgboostJson.baseMargins(learner, link, outputs);
        List<XgboostTreeReader.Tree> trees = parsed.trees();
        int[] treeInfo = parsed.treeInfo();
        if (trees.size() != treeInfo.length) {
            throw MlopsException.invalidParameter("XGBoost model has %d trees but %d tree_info entries", trees.size(),
                    treeInfo.length);
        }
        int total = 0;
        for (XgboostTreeReader.Tree tree : trees) {
            total += tree.left().length;
        }
        int[] roots = new int[trees.size()];
        int[] groups = new int[trees.size()];
        int[] nodes = new int[total * STRIDE];
        float[] values = new float[total];
        int offset = 0;
        for (int t = 0; t < trees.size(); t++) {
            XgboostTreeReader.Tree tree = trees.get(t);
            groups[t] = treeInfo[t];
            if (groups[t] < 0 || groups[t] >= outputs) {
                throw MlopsException.invalidParameter("Tree %d belongs to output %d of %d", t, groups[t], outputs);
            }
            if (!tree.leafVectorSize().equals("1") && !tree.leafVectorSize().equals("0")) {
                throw MlopsException.invalidParameter("Vector-leaf (multi-output) trees are not supported");
            }
            int n = tree.left().length;
            if (n == 0 || tree.right().length != n || tree.feature().length != n || tree.condition().length != n
                    || tree.defaultLeft().length != n) {
                throw MlopsException.invalidParameter("Tree %d has arrays of different lengths", t);
            }
            roots[t] = offset;
            for (int i = 0; i < n; i++) {
                int at = (offset + i) * STRIDE;
                int l = tree.left()[i];
                values[offset + i] = tree.condition()[i];
                if (l == -1) {
                    nodes[at] = -1;
                    continue;
                }
                int r = tree.right()[i];
                int f = tree.feature()[i];
                if (l <= 0 || l >= n || r <= 0 || r >= n) {
                    throw MlopsException.invalidParameter("Tree %d node %d has children outside the tree", t, i);
                }
                if (f < 0 || f >= featureCount) {
                    throw MlopsException.invalidParameter("Tree %d node %d splits on feature %d of %d", t, i, f, featureCount);
                }
                if (tree.splitType().length == n && tree.splitType()[i] != 0) {
                    throw MlopsException.invalidParameter("Categorical splits are not supported (tree %d node %d)", t, i);
                }
                nodes[at] = f;
                nodes[at + 1] = offset + l;
                nodes[at + 2] = offset + r;
                nodes[at + 3] = offset + (tree.defaultLeft()[i] != 0 ? l : r);
            }
            offset += n;
        }
        checkAcyclic(roots, nodes, total);
        return new TreeEnsemble(link, outputs, featureCount, base, roots, groups, nodes, values);
    }

    /** Every node is reached once from its tree's root: rules out cycles and shared nodes in a tampered file. */
    private static void checkAcyclic(int[] roots, int[] nodes, int total) {
        boolean[] seen = new boolean[total];
        int[] stack = new int[total + 1];
        for (int root : roots) {
            int top = 0;
            stack[top++] = root;
            while (top > 0) {
                int n = stack[--top];
                if (seen[n]) {
                    throw MlopsException.invalidParameter("Tree node %d is reached twice: not a tree", n);
                }
                seen[n] = true;
                if (nodes[n * STRIDE] >= 0) {
                    stack[top++] = nodes[n * STRIDE + 1];
                    stack[top++] = nodes[n * STRIDE + 2];
                }
            }
        }
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    @Override
    public Link link() {
        return link;
    }

    public int treeCount() {
        return roots.length;
    }

    /** Whether the fast layout is in use (trees up to {@link Dense#MAX_DEPTH} deep). */
    boolean isDense() {
        return dense != null;
    }

    @Override
    public void margins(float[] x, int offset, float[] out) {
        System.arraycopy(baseMargins, 0, out, 0, outputs);
        if (dense != null) {
            dense.accumulate(x, offset, featureCount, groups, out);
            return;
        }
        final int[] nodes = this.nodes;
        final float[] values = this.values;
        for (int t = 0; t < roots.length; t++) {
            int n = roots[t];
            int f;
            while ((f = nodes[n * STRIDE]) >= 0) {
                float v = x[offset + f];
                float split = values[n];
                int at = n * STRIDE;
                // NaN fails both comparisons and takes the default (missing) child.
                n = v < split ? nodes[at + 1] : v >= split ? nodes[at + 2] : nodes[at + 3];
            }
            out[groups[t]] += values[n];
        }
    }

    /**
     * The same trees as perfect binary trees of the ensemble's depth D, stored breadth-first: a row
     * walks exactly D steps per tree, {@code i = 2i + 1 + goRight}, with no data-dependent branch
     * (a leaf shallower than D is copied to every slot below it, so the padding's splits do not
     * matter). Four trees are walked side by side so their independent chains overlap in the CPU;
     * leaf values are still added in tree order, so the sums equal XGBoost's bit for bit.
     */
    static final class Dense {
        static final int MAX_DEPTH = 10;
        private static final long MAX_SLOTS = 1L << 24;

        private final int depth;
        private final int internal; // 2^depth - 1 split slots per tree
        private final int leaves; // 2^depth leaf slots per tree
        private final int[] feature;
        private final float[] threshold;
        private final int[] defaultRight;
        private final float[] leaf;
        private final int trees;

        private Dense(int depth, int trees) {
            this.depth = depth;
            this.trees = trees;
            this.leaves = 1 << depth;
            this.internal = leaves - 1;
            this.feature = new int[trees * internal];
            this.threshold = new float[trees * internal];
            this.defaultRight = new int[trees * internal];
            this.leaf = new float[trees * leaves];
        }

        static Dense of(int[] roots, int[] nodes, float[] values) {
            int depth = 0;
            for (int root : roots) {
                depth = Math.max(depth, depth(root, nodes));
                if (depth > MAX_DEPTH) {
                    return null;
                }
            }
            if ((long) roots.length << (depth + 1) > MAX_SLOTS) {
                return null;
            }
            Dense d = new Dense(depth, roots.length);
            for (int t = 0; t < roots.length; t++) {
                d.place(t, roots[t], 0, 0, nodes, values);
            }
            return d;
        }

        private static int depth(int n, int[] nodes) {
            if (nodes[n * STRIDE] < 0) {
                return 0;
            }
            return 1 + Math.max(depth(nodes[n * STRIDE + 1], nodes), depth(nodes[n * STRIDE + 2], nodes));
        }

        /** Puts sparse node {@code n} at breadth-first slot {@code i} (level {@code level}) of tree {@code t}. */
        private void place(int t, int n, int i, int level, int[] nodes, float[] values) {
            if (nodes[n * STRIDE] < 0) {
                // A leaf: every leaf slot under slot i gets its value.
                int first = i;
                int count = 1;
                for (int l = level; l < depth; l++) {
                    first = 2 * first + 1;
                    count *= 2;
                }
                int start = t * leaves + (first - internal);
                java.util.Arrays.fill(leaf, start, start + count, values[n]);
                return;
            }
            int k = t * internal + i;
            feature[k] = nodes[n * STRIDE];
            threshold[k] = values[n];
            defaultRight[k] = nodes[n * STRIDE + 3] == nodes[n * STRIDE + 2] ? 1 : 0;
            place(t, nodes[n * STRIDE + 1], 2 * i + 1, level + 1, nodes, values);
            place(t, nodes[n * STRIDE + 2], 2 * i + 2, level + 1, nodes, values);
        }

        void accumulate(float[] x, int offset, int featureCount, int[] groups, float[] out) {
            boolean missing = false;
            for (int f = 0; f < featureCount; f++) {
                float v = x[offset + f];
                missing |= v != v;
            }
            final int depth = this.depth;
            final int internal = this.internal;
            final int leaves = this.leaves;
            int t = 0;
            if (!missing) {
                for (; t + 4 <= trees; t += 4) {
                    int b0 = t * internal;
                    int b1 = b0 + internal;
                    int b2 = b1 + internal;
                    int b3 = b2 + internal;
                    int i0 = 0;
                    int i1 = 0;
                    int i2 = 0;
                    int i3 = 0;
                    for (int d = 0; d < depth; d++) {
                        i0 = 2 * i0 + 1 + (x[offset + feature[b0 + i0]] >= threshold[b0 + i0] ? 1 : 0);
                        i1 = 2 * i1 + 1 + (x[offset + feature[b1 + i1]] >= threshold[b1 + i1] ? 1 : 0);
                        i2 = 2 * i2 + 1 + (x[offset + feature[b2 + i2]] >= threshold[b2 + i2] ? 1 : 0);
                        i3 = 2 * i3 + 1 + (x[offset + feature[b3 + i3]] >= threshold[b3 + i3] ? 1 : 0);
                    }
                    out[groups[t]] += leaf[t * leaves + i0 - internal];
                    out[groups[t + 1]] += leaf[(t + 1) * leaves + i1 - internal];
                    out[groups[t + 2]] += leaf[(t + 2) * leaves + i2 - internal];
                    out[groups[t + 3]] += leaf[(t + 3) * leaves + i3 - internal];
                }
            }
            for (; t < trees; t++) {
                int base = t * internal;
                int i = 0;
                for (int d = 0; d < depth; d++) {
                    float v = x[offset + feature[base + i]];
                    // NaN fails the comparison and takes the node's default direction.
                    int right = v >= threshold[base + i] ? 1 : v != v ? defaultRight[base + i] : 0;
                    i = 2 * i + 1 + right;
                }
                out[groups[t]] += leaf[t * leaves + i - internal];
            }
        }
    }
}
