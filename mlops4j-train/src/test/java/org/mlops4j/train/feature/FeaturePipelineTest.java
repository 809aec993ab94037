package org.mlops4j.train.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.Table;
import org.mlops4j.train.Splits;
import org.mlops4j.train.TestData;
import org.mlops4j.train.feature.FeatureSpec.CategoricalImpute;
import org.mlops4j.train.feature.FeatureSpec.Encoding;
import org.mlops4j.train.feature.FeatureSpec.NumericImpute;
import org.mlops4j.train.feature.FeatureSpec.Scaling;
import org.mlops4j.train.feature.FeatureSpec.UnknownCategory;

class FeaturePipelineTest {
    private static final int[] FIRST_THREE = {0, 1, 2};

    private static FeatureSpec spec(NumericImpute impute, Scaling scaling, CategoricalImpute catImpute, Encoding encoding,
                                    UnknownCategory unknown) {
        return new FeatureSpec(List.of(), List.of(), impute, 0, scaling, catImpute, "none", encoding, unknown);
    }

    /** Rows 0-2 are "training"; row 3 has values training never saw. */
    private static Table table() {
        BitSet missing = new BitSet();
        missing.set(1);
        return Table.of(new NumericColumn("age", new double[] {20, 0, 40, 1000}, missing),
                StringColumn.of("colour", ColumnType.CATEGORICAL, "red", "blue", null, "green"),
                StringColumn.categorical("label", "a", "b", "a", "b"));
    }

    /** The default pipeline fitted on the German credit training sample. */
    private static FeaturePipeline creditPipeline() {
        Table credit = TestData.creditTrain();
        return FeaturePipeline.fit(credit, Splits.all(credit.rowCount()), "Risk", FeatureSpec.defaults().resolve(true));
    }

    @Test
    void fit_usesTrainingRowsOnly() {
        FeaturePipeline p = FeaturePipeline.fit(table(), FIRST_THREE, "label",
                spec(NumericImpute.MEAN, Scaling.STANDARD, CategoricalImpute.NONE, Encoding.ONE_HOT, UnknownCategory.IGNORE));
        assertThat(p.inputNames()).containsExactly("age", "colour");
        assertThat(p.outputNames()).containsExactly("age", "colour=blue", "colour=red");
        // mean of 20 and 40 (row 3's 1000 is not a training row): 30; the imputed row counts for the std.
        FeatureMatrix m = p.transform(table());
        double std = Math.sqrt((100 + 0 + 100) / 3.0);
        assertThat(m.get(0, 0)).isCloseTo((float) (-10 / std), within(1e-6f));
        assertThat(m.get(1, 0)).isEqualTo(0f);
        assertThat(m.get(3, 0)).isCloseTo((float) (970 / std), within(1e-4f));
    }

    @Test
    void transform_unknownAndMissingCategories_areAllZerosUnderIgnore() {
        FeaturePipeline p = FeaturePipeline.fit(table(), FIRST_THREE, "label",
                spec(NumericImpute.NONE, Scaling.NONE, CategoricalImpute.NONE, Encoding.ONE_HOT, UnknownCategory.IGNORE));
        FeatureMatrix m = p.transform(table());
        assertThat(new float[] {m.get(0, 1), m.get(0, 2)}).containsExactly(0f, 1f); // red
        assertThat(new float[] {m.get(2, 1), m.get(2, 2)}).containsExactly(0f, 0f); // missing
        assertThat(new float[] {m.get(3, 1), m.get(3, 2)}).containsExactly(0f, 0f); // green: unseen
        assertThat(m.get(1, 0)).isNaN(); // numeric missing stays missing without imputation
    }

    @Test
    void transform_unknownCategoryUnderError_namesColumnAndValue() {
        FeaturePipeline p = FeaturePipeline.fit(table(), FIRST_THREE, "label",
                spec(NumericImpute.NONE, Scaling.NONE, CategoricalImpute.MOST_FREQUENT, Encoding.ONE_HOT,
                        UnknownCategory.ERROR));
        assertThatThrownBy(() -> p.transform(table())).isInstanceOf(MlopsException.class)
                .hasMessageContaining("Column 'colour' has the value 'green', unseen in training");
    }

    @Test
    void fit_mostFrequentImpute_breaksTiesBySmallestValue_andOrdinalEncodes() {
        FeaturePipeline p = FeaturePipeline.fit(table(), FIRST_THREE, "label",
                spec(NumericImpute.MEDIAN, Scaling.NONE, CategoricalImpute.MOST_FREQUENT, Encoding.ORDINAL,
                        UnknownCategory.IGNORE));
        FeatureMatrix m = p.transform(table());
        assertThat(p.outputNames()).containsExactly("age", "colour");
        assertThat(m.get(1, 0)).isEqualTo(30f); // median of 20, 40
        assertThat(m.get(0, 1)).isEqualTo(1f); // red, categories [blue, red]
        assertThat(m.get(2, 1)).isEqualTo(0f); // missing imputed as blue (tie with red, smaller)
        assertThat(m.get(3, 1)).isNaN(); // unseen: missing
    }

    @Test
    void json_roundTrip_transformsIdentically() {
        FeaturePipeline p = creditPipeline();
        FeaturePipeline copy = FeaturePipeline.fromJson(p.toJson());
        assertThat(copy.toJson()).isEqualTo(p.toJson());
        Table test = TestData.creditTest();
        assertThat(copy.transform(test).values()).containsExactly(p.transform(test).values());
        assertThat(p.outputNames()).contains("CheckingStatus=less_0", "LoanPurpose=vacation", "Age");
    }

    @Test
    void transformRow_equalsTableTransform() {
        FeaturePipeline p = creditPipeline();
        Table test = TestData.creditTest();
        FeatureMatrix all = p.transform(test);
        float[] row = new float[p.outputCount()];
        for (int r = 0; r < 50; r++) {
            Object[] values = new Object[p.inputNames().size()];
            for (int i = 0; i < values.length; i++) {
                var column = test.column(p.inputNames().get(i));
                values[i] = column instanceof NumericColumn n ? (Object) n.value(r) : column.text(r);
            }
            p.transformRow(values, row);
            for (int j = 0; j < row.length; j++) {
                assertThat(row[j]).isEqualTo(all.get(r, j));
            }
        }
    }

    @Test
    void transform_numericGivenAsText_isParsed_andGarbageIsNamed() {
        FeaturePipeline p = FeaturePipeline.fit(table(), FIRST_THREE, "label",
                spec(NumericImpute.NONE, Scaling.NONE, CategoricalImpute.NONE, Encoding.ONE_HOT, UnknownCategory.IGNORE));
        Table asText = Table.of(StringColumn.categorical("age", "25", "x"), StringColumn.categorical("colour", "red", "red"));
        assertThatThrownBy(() -> p.transform(asText)).hasMessageContaining("Column 'age' is numeric, but row 2 holds 'x'");
        float[] out = new float[3];
        p.transformRow(new Object[] {"25", "red"}, out);
        assertThat(out).containsExactly(25f, 0f, 1f);
    }

    @Test
    void transform_findsInputsByName_inAnyColumnOrder() {
        FeaturePipeline p = creditPipeline();
        Table test = TestData.creditTest();
        java.util.List<org.mlops4j.data.Column> reversed = new java.util.ArrayList<>(test.columns());
        java.util.Collections.reverse(reversed);
        Table inSignatureOrder = Table.of(p.inputNames().stream().map(test::column).toList());
        float[] expected = p.transform(inSignatureOrder).values();
        assertThat(p.transform(Table.of(reversed)).values()).containsExactly(expected);
        assertThat(p.transform(test).values()).containsExactly(expected);
    }

    @Test
    void transform_missingInputColumn_isNamed() {
        FeaturePipeline p = FeaturePipeline.fit(table(), FIRST_THREE, "label", FeatureSpec.defaults().resolve(false));
        assertThatThrownBy(() -> p.transform(table().without("colour"))).hasMessageContaining("[colour]");
    }

    @Test
    void fit_includeExcludeAndBadColumns_areChecked() {
        FeatureSpec include = new FeatureSpec(List.of("colour"), List.of(), NumericImpute.NONE, 0, Scaling.NONE,
                CategoricalImpute.NONE, null, Encoding.ONE_HOT, UnknownCategory.IGNORE);
        assertThat(FeaturePipeline.fit(table(), FIRST_THREE, "label", include).inputNames()).containsExactly("colour");
        FeatureSpec typo = new FeatureSpec(List.of(), List.of("colur"), NumericImpute.NONE, 0, Scaling.NONE,
                CategoricalImpute.NONE, null, Encoding.ONE_HOT, UnknownCategory.IGNORE);
        assertThatThrownBy(() -> FeaturePipeline.fit(table(), FIRST_THREE, "label", typo))
                .hasMessageContaining("No column 'colur'");
        Table text = Table.of(StringColumn.of("notes", ColumnType.TEXT, "a", "b", "c"), StringColumn.categorical("label", "x",
                "y", "x"));
        assertThatThrownBy(() -> FeaturePipeline.fit(text, FIRST_THREE, "label", FeatureSpec.defaults().resolve(false)))
                .hasMessageContaining("Column 'notes' is free text");
    }
}
