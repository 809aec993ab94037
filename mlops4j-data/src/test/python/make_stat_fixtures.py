#!/usr/bin/python3
"""Generates the golden values the drift tests and statistics are checked against (to 1e-6).

Run once with Debian's SciPy (``apt-get install -y python3-scipy``), from the repository root:

    /usr/bin/python3 mlops4j-data/src/test/python/make_stat_fixtures.py

It writes ``mlops4j-data/src/test/resources/fixtures/stat-fixtures.json``. Inputs are drawn from a
seeded generator and rounded before use, so the file holds exactly what SciPy saw. Evidently's
binning (``get_binned_data``) and its z-test are restated below from Evidently's source, since
Evidently itself is not a Debian package; everything else is a SciPy or NumPy call.
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "stat-fixtures.json")
rng = np.random.RandomState(20240501)


def rounded(a, digits=4):
    return [round(float(v), digits) for v in a]


def evidently_binned(ref, cur, numeric, n_bins, fill_zeroes):
    """Evidently's get_binned_data (30 equal-width bins over both samples when the reference has
    more than 20 distinct numeric values, otherwise shares per value)."""
    ref = np.asarray(ref)
    cur = np.asarray(cur)
    if numeric and len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins=n_bins)
        ref_p = np.histogram(ref, bins)[0] / len(ref)
        cur_p = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = sorted(set(ref.tolist()) | set(cur.tolist()))
        ref_p = np.array([np.sum(ref == k) / len(ref) for k in keys])
        cur_p = np.array([np.sum(cur == k) / len(cur) for k in keys])
    if fill_zeroes:
        for p in (ref_p, cur_p):
            smallest = min(p[p != 0])
            np.place(p, p == 0, smallest / 10 ** 6 if smallest <= 0.0001 else 0.0001)
    return ref_p, cur_p


def z_test(ref, cur):
    """Evidently's _z_stat_test: share of values other than the smallest value, pooled z, two-sided."""
    keys = sorted(set(ref) | set(cur))
    if len(set(ref)) == 1 and len(set(cur)) == 1 and set(ref) == set(cur):
        return 0.0, 1.0
    r = np.array([0 if v == keys[0] else 1 for v in ref])
    c = np.array([0 if v == keys[0] else 1 for v in cur])
    n1, n2 = len(r), len(c)
    p1, p2 = r.sum() / n1, c.sum() / n2
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    return float(z), float(2 * (1 - stats.norm.cdf(abs(z))))


def categorical_sample(categories, probabilities, size):
    return [str(v) for v in rng.choice(categories, size=size, p=probabilities)]


def main():
    fixtures = {
        "generator": "mlops4j-data/src/test/python/make_stat_fixtures.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
    }

    ks_cases = [
        ("normal-vs-shifted-exact", rounded(rng.normal(0, 1, 120)), rounded(rng.normal(0.4, 1, 90))),
        ("same-distribution-equal-sizes", rounded(rng.normal(5, 2, 60)), rounded(rng.normal(5, 2, 60))),
        ("integers-with-ties", [float(v) for v in rng.randint(0, 12, 300)], [float(v) for v in rng.randint(1, 13, 250)]),
        ("uniform-vs-beta-exact", rounded(rng.uniform(0, 1, 700)), rounded(rng.beta(2, 2, 800))),
        ("large-asymptotic", rounded(rng.normal(0, 1, 12000), 3), rounded(rng.normal(0.03, 1, 11000), 3)),
    ]
    fixtures["ks"] = []
    for name, x, y in ks_cases:
        result = stats.ks_2samp(x, y)
        fixtures["ks"].append({"name": name, "x": x, "y": y, "statistic": float(result.statistic),
                               "pvalue": float(result.pvalue)})

    fixtures["chisquare"] = []
    chi_cases = [
        ("four-categories-shifted", categorical_sample(["a", "b", "c", "d"], [0.4, 0.3, 0.2, 0.1], 400),
         categorical_sample(["a", "b", "c", "d"], [0.3, 0.3, 0.25, 0.15], 300)),
        ("three-categories-same", categorical_sample(["x", "y", "z"], [0.5, 0.3, 0.2], 200),
         categorical_sample(["x", "y", "z"], [0.5, 0.3, 0.2], 250)),
    ]
    for name, ref, cur in chi_cases:
        keys = sorted(set(ref) | set(cur))
        k_norm = len(cur) / len(ref)
        f_exp = [ref.count(k) * k_norm for k in keys]
        f_obs = [cur.count(k) for k in keys]
        result = stats.chisquare(f_obs, f_exp)
        fixtures["chisquare"].append({"name": name, "reference": ref, "current": cur,
                                      "statistic": float(result.statistic), "pvalue": float(result.pvalue)})

    fixtures["z"] = []
    for name, ref, cur in [
        ("binary-shifted", categorical_sample(["no", "yes"], [0.7, 0.3], 500), categorical_sample(["no", "yes"], [0.6, 0.4], 400)),
        ("binary-same", categorical_sample(["f", "m"], [0.4, 0.6], 300), categorical_sample(["f", "m"], [0.4, 0.6], 350)),
    ]:
        z, p = z_test(ref, cur)
        fixtures["z"].append({"name": name, "reference": ref, "current": cur, "statistic": z, "pvalue": p})

    fixtures["wasserstein"] = []
    for name, u, v in [
        ("normal-shift", rounded(rng.normal(0, 1, 400)), rounded(rng.normal(0.5, 1.5, 300))),
        ("exponential-vs-gamma", rounded(rng.exponential(2, 1000)), rounded(rng.gamma(2, 1, 900))),
        ("integers-with-ties", [float(v) for v in rng.randint(0, 8, 200)], [float(v) for v in rng.randint(1, 9, 150)]),
    ]:
        d = stats.wasserstein_distance(u, v)
        fixtures["wasserstein"].append({"name": name, "u": u, "v": v, "distance": float(d),
                                        "normed": float(d / max(np.std(u), 0.001))})

    fixtures["jensenshannon_raw"] = []
    for p, q, base in [
        ([0.1, 0.4, 0.5], [0.3, 0.3, 0.4], None),
        ([0.1, 0.4, 0.5], [0.3, 0.3, 0.4], 2),
        ([1.0, 0.0, 0.0], [0.0, 0.5, 0.5], None),
        ([2.0, 3.0, 5.0, 0.0], [1.0, 1.0, 1.0, 1.0], 2),
    ]:
        fixtures["jensenshannon_raw"].append({"p": p, "q": q, "base": base,
                                              "distance": float(distance.jensenshannon(p, q, base))})

    binned_cases = [
        ("numeric-30-bins", True, rounded(rng.normal(50, 10, 2000), 2), rounded(rng.normal(53, 12, 1500), 2)),
        ("numeric-few-values", True, [float(v) for v in rng.randint(1, 5, 1500)], [float(v) for v in rng.randint(1, 6, 1200)]),
        ("categorical", False, categorical_sample(["red", "green", "blue", "grey"], [0.4, 0.3, 0.2, 0.1], 1500),
         categorical_sample(["red", "green", "blue", "grey", "pink"], [0.3, 0.3, 0.2, 0.15, 0.05], 1200)),
    ]
    fixtures["jensenshannon"] = []
    fixtures["psi"] = []
    for name, numeric, ref, cur in binned_cases:
        r, c = evidently_binned(ref, cur, numeric, 30, False)
        fixtures["jensenshannon"].append({"name": name, "numeric": numeric, "reference": ref, "current": cur,
                                          "distance": float(distance.jensenshannon(r, c))})
        r, c = evidently_binned(ref, cur, numeric, 30, True)
        fixtures["psi"].append({"name": name, "numeric": numeric, "reference": ref, "current": cur,
                                "psi": float(np.sum((r - c) * np.log(r / c)))})

    fixtures["describe"] = []
    for name, values in [("lognormal", rounded(rng.lognormal(3, 0.7, 2500), 3)),
                         ("integers", [float(v) for v in rng.randint(-5, 40, 777)])]:
        a = np.array(values)
        fixtures["describe"].append({
            "name": name, "values": values, "mean": float(a.mean()), "std": float(a.std()),
            "min": float(a.min()), "max": float(a.max()),
            "quantiles": {str(q): float(np.quantile(a, q)) for q in (0.05, 0.25, 0.5, 0.75, 0.95)},
            "histogram": [int(v) for v in np.histogram(a, bins=10)[0]],
            "edges": [float(v) for v in np.histogram_bin_edges(a, bins=10)],
        })

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixtures, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
