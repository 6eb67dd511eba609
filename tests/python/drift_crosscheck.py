#!/usr/bin/python3
"""Reference numbers for tst_drift_stats, computed by scipy (Debian's python3-scipy).

Usage: drift_crosscheck.py CASES.json  -> prints the results as JSON on stdout.

CASES.json: {"ks": [{"a": [...], "b": [...]}], "mw": [{"a", "b"}], "prop": [[k1, n1, k2, n2]],
"psi": [{"a", "b", "bins"}]}. For each case it prints what scipy (or, for the PSI that scipy does
not have, numpy following the documented definition) says:
  ks:   scipy.stats.ks_2samp(a, b, alternative='two-sided', method='asymp') -> statistic, p_asymp;
        scipy.special.kolmogorov((sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) * D) -> p_stephens
  mw:   scipy.stats.mannwhitneyu(a, b, use_continuity=True, alternative='two-sided',
        method='asymptotic') -> u, p
  prop: scipy.stats.chi2_contingency([[k1, n1 - k1], [k2, n2 - k2]], correction=False) -> chi2, p
        (the pooled two-proportion z test is the same test: z^2 = chi2)
  psi:  cut points = sorted(a)[floor(j * n / bins)] for j = 1 .. bins - 1, duplicates dropped;
        bin = number of cut points <= x; shares below 1e-4 count as 1e-4
"""
import json
import sys

try:
    import numpy as np
    from scipy import special, stats
except ImportError as error:  # the Qt test turns this into a failure naming the package
    print(json.dumps({"error": "python3-scipy is not installed (%s)" % error}))
    sys.exit(2)


def ks(case):
    a, b = np.asarray(case["a"], float), np.asarray(case["b"], float)
    r = stats.ks_2samp(a, b, alternative="two-sided", method="asymp")
    ne = len(a) * len(b) / (len(a) + len(b))
    s = np.sqrt(ne)
    stephens = special.kolmogorov((s + 0.12 + 0.11 / s) * r.statistic)
    return {"statistic": float(r.statistic), "p_asymp": float(r.pvalue), "p_stephens": float(stephens)}


def mw(case):
    r = stats.mannwhitneyu(case["a"], case["b"], use_continuity=True, alternative="two-sided",
                           method="asymptotic")
    return {"u": float(r.statistic), "p": float(r.pvalue)}


def prop(case):
    k1, n1, k2, n2 = case
    chi2, p, _, _ = stats.chi2_contingency([[k1, n1 - k1], [k2, n2 - k2]], correction=False)
    return {"chi2": float(chi2), "p": float(p)}


def psi(case):
    a, b, bins = np.asarray(case["a"], float), np.asarray(case["b"], float), int(case["bins"])
    s = np.sort(a)
    cuts = np.unique([s[min(len(s) - 1, j * len(s) // bins)] for j in range(1, bins)])
    ra = np.bincount(np.searchsorted(cuts, a, side="right"), minlength=len(cuts) + 1) / len(a)
    rb = np.bincount(np.searchsorted(cuts, b, side="right"), minlength=len(cuts) + 1) / len(b)
    ea, eb = np.maximum(ra, 1e-4), np.maximum(rb, 1e-4)
    return {"psi": float(np.sum((eb - ea) * np.log(eb / ea))), "bins": len(cuts) + 1}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    out = {
        "scipy": __import__("scipy").__version__,
        "ks": [ks(c) for c in cases.get("ks", [])],
        "mw": [mw(c) for c in cases.get("mw", [])],
        "prop": [prop(c) for c in cases.get("prop", [])],
        "psi": [psi(c) for c in cases.get("psi", [])],
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
