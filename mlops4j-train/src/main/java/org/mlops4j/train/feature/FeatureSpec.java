package org.mlops4j.train.feature;

import java.util.List;
import org.mlops4j.core.MlopsException;

/**
 * How to build features from input columns (the {@code features:} section of train.yaml). Values
 * marked AUTO are resolved per algorithm by {@link #resolve(boolean)}: linear models get mean
 * imputation and standardisation, tree models neither (XGBoost handles missing values and is
 * insensitive to scale).
 *
 * @param include             input columns to use, in this order; empty means every column but the label
 * @param exclude             columns to leave out
 * @param numericImpute       how to fill missing numeric values
 * @param numericImputeValue  the fill value for {@link NumericImpute#CONSTANT}
 * @param scaling             numeric scaling
 * @param categoricalImpute   how to fill missing categorical values
 * @param categoricalImputeValue the fill value for {@link CategoricalImpute#CONSTANT}
 * @param encoding            how categorical columns become numbers
 * @param unknown             what an unseen category does at prediction time
 */
public record FeatureSpec(List<String> include, List<String> exclude, NumericImpute numericImpute,
                          double numericImputeValue, Scaling scaling, CategoricalImpute categoricalImpute,
                          String categoricalImputeValue, Encoding encoding, UnknownCategory unknown) {

    public enum NumericImpute { AUTO, NONE, MEAN, MEDIAN, CONSTANT }

    public enum Scaling { AUTO, NONE, STANDARD }

    public enum CategoricalImpute { NONE, MOST_FREQUENT, CONSTANT }

    public enum Encoding { ONE_HOT, ORDINAL }

    /** IGNORE: an unseen category encodes as all zeros (one-hot) or missing (ordinal); ERROR: rejects the row. */
    public enum UnknownCategory { IGNORE, ERROR }

    public FeatureSpec {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        if (numericImpute == NumericImpute.CONSTANT && !Double.isFinite(numericImputeValue)) {
            throw MlopsException.invalidParameter("features.numeric.impute_value must be a finite number for "
                    + "impute: constant");
        }
        if (categoricalImpute == CategoricalImpute.CONSTANT
                && (categoricalImputeValue == null || categoricalImputeValue.isEmpty())) {
            throw MlopsException.invalidParameter("features.categorical.impute_value must be set for impute: constant");
        }
    }

    public static FeatureSpec defaults() {
        return new FeatureSpec(List.of(), List.of(), NumericImpute.AUTO, Double.NaN, Scaling.AUTO,
                CategoricalImpute.NONE, null, Encoding.ONE_HOT, UnknownCategory.IGNORE);
    }

    /** This spec with AUTO choices made for a linear model or a tree model. */
    public FeatureSpec resolve(boolean linearModel) {
        NumericImpute impute = numericImpute == NumericImpute.AUTO
                ? (linearModel ? NumericImpute.MEAN : NumericImpute.NONE) : numericImpute;
        Scaling scale = scaling == Scaling.AUTO ? (linearModel ? Scaling.STANDARD : Scaling.NONE) : scaling;
        return new FeatureSpec(include, exclude, impute, numericImputeValue, scale, categoricalImpute,
                categoricalImputeValue, encoding, unknown);
    }
}
