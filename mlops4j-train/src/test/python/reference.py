#!/usr/bin/python3
"""Reference numbers for mlops4j-train, from Debian's scikit-learn and python3-xgboost.

Trains the same algorithms with the same parameters on the same rows as
ReferenceComparisonTest and writes src/test/resources/reference.json, which the test compares
with (German credit: test AUC within 0.01; wine: test RMSE within 2%).

  sudo apt-get install python3-sklearn python3-xgboost python3-pandas
  /usr/bin/python3 mlops4j-train/src/test/python/reference.py   # from the repository root

Features mirror mlops4j's pipeline, built with scikit-learn's own transformers: every input column
in file order; numeric columns passed through (trees) or standardised (linear models, population
standard deviation); categorical columns one-hot encoded with sorted categories, unknown categories
as all zeros. XGBoost 1.7 starts from base_score 0.5 while XGBoost4J 3.x estimates it from the
labels, so the tree cases pass the training label mean as base_score (what 3.x estimates).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import sklearn
import xgboost
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import ElasticNet, LogisticRegression
from sklearn.metrics import mean_squared_error, roc_auc_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
DATA = os.path.join(REPO, "data")
OUT = os.path.join(HERE, "..", "resources", "reference.json")
SEED = 42


def features(frame, label, scale):
    columns = [c for c in frame.columns if c != label]
    parts = []
    for c in columns:
        if frame[c].dtype == object:
            parts.append((c, OneHotEncoder(handle_unknown="ignore", sparse_output=False), [c]))
        else:
            parts.append((c, StandardScaler() if scale else "passthrough", [c]))
    return ColumnTransformer(parts)


def credit_cases():
    train = pd.read_csv(os.path.join(DATA, "german-credit", "german_credit_data_biased_training.csv"))
    test = pd.read_csv(os.path.join(DATA, "german-credit", "credit_risk_test_data.csv"))
    y = (train["Risk"] == "Risk").astype(int).to_numpy()
    y_test = (test["Risk"] == "Risk").astype(int).to_numpy()
    cases = []

    def tree(name, algorithm, params, model):
        t = features(train, "Risk", scale=False).fit(train)
        model.fit(t.transform(train).astype(np.float32), y)
        p = model.predict_proba(t.transform(test).astype(np.float32))[:, 1]
        cases.append(case(name, "german-credit", algorithm, params, "test_auc_roc", roc_auc_score(y_test, p)))

    tree("credit_xgboost", "xgboost", {"num_rounds": 100, "max_depth": 4, "eta": 0.1},
         xgboost.XGBClassifier(n_estimators=100, max_depth=4, learning_rate=0.1, tree_method="hist",
                               random_state=SEED, n_jobs=1, base_score=float(y.mean())))
    tree("credit_random_forest", "random_forest",
         {"num_trees": 100, "max_depth": 6, "subsample": 0.8, "colsample_bynode": 0.8},
         xgboost.XGBRFClassifier(n_estimators=100, max_depth=6, subsample=0.8, colsample_bynode=0.8,
                                 reg_lambda=1e-5, tree_method="hist", random_state=SEED, n_jobs=1,
                                 base_score=float(y.mean())))
    t = features(train, "Risk", scale=True).fit(train)
    lr = LogisticRegression(C=1.0, max_iter=10000).fit(t.transform(train), y)
    p = lr.predict_proba(t.transform(test))[:, 1]
    cases.append(case("credit_logistic_regression", "german-credit", "logistic_regression",
                      {"C": 1.0, "max_iter": 500}, "test_auc_roc", roc_auc_score(y_test, p)))
    return cases


def wine_cases():
    frame = pd.read_csv(os.path.join(DATA, "wine-quality", "winequality-red.csv"), sep=";")
    with open(os.path.join(HERE, "..", "resources", "wine_split.json")) as f:
        split = json.load(f)
    test_rows = np.array(split["test_rows"])
    is_test = np.zeros(len(frame), dtype=bool)
    is_test[test_rows] = True
    train, test = frame[~is_test], frame[is_test]
    y, y_test = train["quality"].to_numpy(float), test["quality"].to_numpy(float)
    cases = []
    t = features(train, "quality", scale=False).fit(train)
    model = xgboost.XGBRegressor(n_estimators=200, max_depth=6, learning_rate=0.05, tree_method="hist",
                                 random_state=SEED, n_jobs=1, base_score=float(y.mean()))
    model.fit(t.transform(train).astype(np.float32), y)
    p = model.predict(t.transform(test).astype(np.float32))
    cases.append(case("wine_xgboost", "wine-red", "xgboost", {"num_rounds": 200, "max_depth": 6, "eta": 0.05},
                      "test_rmse", mean_squared_error(y_test, p, squared=False)))
    t = features(train, "quality", scale=True).fit(train)
    net = ElasticNet(alpha=0.05, l1_ratio=0.5, max_iter=100000, tol=1e-8).fit(t.transform(train), y)
    p = net.predict(t.transform(test))
    cases.append(case("wine_elastic_net", "wine-red", "elastic_net",
                      {"alpha": 0.05, "l1_ratio": 0.5, "max_iter": 500}, "test_rmse",
                      mean_squared_error(y_test, p, squared=False)))
    return cases


def case(name, dataset, algorithm, params, metric, value):
    print(f"{name:30s} {metric} = {value:.6f}", file=sys.stderr)
    return {"name": name, "dataset": dataset, "algorithm": algorithm, "params": params, "metric": metric,
            "value": round(float(value), 6)}


def main():
    result = {
        "generated_by": "mlops4j-train/src/test/python/reference.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__,
                     "scikit-learn": sklearn.__version__, "xgboost": xgboost.__version__},
        "seed": SEED,
        "cases": credit_cases() + wine_cases(),
    }
    text = json.dumps(result, indent=2, sort_keys=True) + "\n"
    with open(OUT, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
