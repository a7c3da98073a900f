"""Reference values for tests/Statistics.Tests, written independently of the C# code (plain Python 3, no numpy/scipy).

Run once: python3 paired_reference.py. The tests quote its output; nothing runs it at test time.
- exact Wilcoxon p: brute force over all 2^n sign assignments of the average ranks (zeros dropped first);
- normal-approximation p: scipy.stats.wilcoxon's formula (no continuity correction, tie-corrected variance);
- bootstrap: SplitMix64 (Steele et al. 2014) indices modulo n, percentile interval with numpy's "linear" quantile.
"""
import itertools
import math

MASK = (1 << 64) - 1


def average_ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def signed_rank_sums(d):
    nz = [x for x in d if x != 0]
    ranks = average_ranks([abs(x) for x in nz])
    plus = sum(r for r, x in zip(ranks, nz) if x > 0)
    minus = sum(r for r, x in zip(ranks, nz) if x < 0)
    return nz, ranks, plus, minus


def exact_p_brute_force(d):
    nz, ranks, plus, minus = signed_rank_sums(d)
    t = min(plus, minus)
    at_most = sum(1 for signs in itertools.product((0, 1), repeat=len(ranks))
                  if sum(r for r, s in zip(ranks, signs) if s) <= t + 1e-9)
    return min(1.0, 2 * at_most / 2 ** len(ranks)), plus, minus


def normal_p(d):
    nz, ranks, plus, minus = signed_rank_sums(d)
    n = len(nz)
    t = min(plus, minus)
    counts = {}
    for x in nz:
        counts[abs(x)] = counts.get(abs(x), 0) + 1
    var = n * (n + 1) * (2 * n + 1) / 24 - sum(c ** 3 - c for c in counts.values()) / 48
    z = (t - n * (n + 1) / 4) / math.sqrt(var)
    return math.erfc(abs(z) / math.sqrt(2)), plus, minus


def splitmix64(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def bootstrap_interval(values, seed, resamples=2000, level=0.95):
    rng = splitmix64(seed)
    n = len(values)
    means = sorted(sum(values[next(rng) % n] for _ in range(n)) / n for _ in range(resamples))

    def quantile(q):
        pos = q * (len(means) - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, len(means) - 1)
        return means[lo] + (pos - lo) * (means[hi] - means[lo])

    return quantile((1 - level) / 2), quantile((1 + level) / 2)


def holm(ps):
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    out = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        out[i] = running
    return out


DARWIN = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
TIES_AND_ZEROS = [0.5, -0.5, 1.2, 0, 2.0, 2.0, -0.3, 1.1, 0.9, 0, 1.5, -2.0]
LARGE = [round(math.sin(i) + 0.15, 2) for i in range(1, 61)]
BOOTSTRAP = [0.3127, -0.1219, 0.0533, 0.4471, 0.2702, -0.0846, 0.1911, 0.0237, 0.3654, 0.1108, -0.2013, 0.0072]

if __name__ == "__main__":
    print("darwin exact", repr(exact_p_brute_force(DARWIN)))
    print("darwin normal", repr(normal_p(DARWIN)))
    print("ties/zeros exact", repr(exact_p_brute_force(TIES_AND_ZEROS)))
    print("large", LARGE)
    print("large normal", repr(normal_p(LARGE)))
    print("bootstrap seed 42", repr(bootstrap_interval(BOOTSTRAP, 42)))
    print("holm", repr(holm([0.01, 0.04, 0.03, 0.005])))
