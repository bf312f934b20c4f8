# ---- The playground's seeded random numbers and row split, ported from TypeScript ------------------------------------
# src/core/random.ts (mulberry32, Fisher-Yates) and src/pipelines/ml/split.ts, bit for bit: the same seed picks the
# same rows here as in the browser (`npm run test:export` compares the indices for several seeds and sizes).
_UINT32 = 0xFFFFFFFF


def _imul(a, b):
    """JavaScript's Math.imul on unsigned 32-bit patterns: the low 32 bits of the product."""
    return (a * b) & _UINT32


def _mulberry32(seed):
    """A generator of floats in [0, 1), the same sequence as the playground's seededRandom(seed)."""
    state = [int(seed) & _UINT32]

    def next_float():
        state[0] = (state[0] + 0x6D2B79F5) & _UINT32
        t = state[0]
        t = _imul(t ^ (t >> 15), t | 1)
        t = (t ^ ((t + _imul(t ^ (t >> 7), t | 61)) & _UINT32)) & _UINT32
        return ((t ^ (t >> 14)) & _UINT32) / 4294967296

    return next_float


def _seeded_permutation(n, random):
    """0..n-1 in a seeded random order (Fisher-Yates from the end, as seededPermutation)."""
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = int(random() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def _js_round(x):
    """JavaScript's Math.round: halves round up (Python's round() rounds them to even)."""
    floor = math.floor(x)
    return floor + 1 if x - floor >= 0.5 else floor


SPLIT_CODES = {"train": 0, "validation": 1, "test": 2}


def _split_rows(n, seed, validation=0.15, test=0.15):
    """The seeded train / validation / test split of splitRows(): sorted row indices, and each row's split code."""
    if not (validation > 0 and test > 0 and validation + test < 1):
        raise ValueError("Validation and test fractions must be > 0 and sum below 1, got %s and %s." % (validation, test))
    test_count = _js_round(n * test)
    validation_count = _js_round(n * validation)
    if n - test_count - validation_count < 2 or test_count < 1 or validation_count < 1:
        raise ValueError("%d rows are too few to split into train, validation and test sets." % n)
    order = _seeded_permutation(n, _mulberry32(seed))
    split = {
        "train": sorted(order[test_count + validation_count:]),
        "validation": sorted(order[test_count:test_count + validation_count]),
        "test": sorted(order[:test_count]),
    }
    codes = [SPLIT_CODES["train"]] * n
    for name in ("validation", "test"):
        for row in split[name]:
            codes[row] = SPLIT_CODES[name]
    split["codes"] = codes
    return split
