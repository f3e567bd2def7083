"""Chapter 07's search-space arithmetic against hand-worked trees, a brute-force sum, a modular
Horner sum at the largest tree, logarithms for the leading digits, and exact fractions."""

import math
import sys
import unicodedata
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets import paper
from r1widgets.core import search

B_MAX, D_MAX = search.MAX_BRANCHING, search.MAX_DEPTH


# Written out by hand, not taken from the code under test.
DIGIT_OF = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-", strict=True))


def power_parts(text: str) -> tuple[str, int]:
    """ "1.234 × 10⁻⁴⁵" → ("1.234", -45)."""
    mantissa, power = text.split(" × 10")
    return mantissa, int("".join(DIGIT_OF[c] for c in power))


def brute_tree(branching: int, depth: int) -> int:
    return sum(branching**d for d in range(depth + 1))


def test_bounds_are_the_published_values():
    assert B_MAX == paper.V3_VOCABULARY_SIZE.value == 129_280
    assert D_MAX == paper.R1_FIRST_RL_STAGE["max_length"].value == 32_768


@pytest.mark.parametrize(
    "branching, depth, expected",
    [
        (2, 3, 15),  # 1 + 2 + 4 + 8
        (3, 2, 13),  # 1 + 3 + 9
        (10, 4, 11_111),
        (1, 5, 6),  # a chain: the root and five more
        (7, 0, 1),  # the root alone
        (B_MAX, 1, 1 + 129_280),
    ],
)
def test_hand_worked_tree_sizes(branching, depth, expected):
    assert search.tree_size(branching, depth) == expected


@pytest.mark.parametrize(
    "branching, depth, cap, expected",
    [
        (2, 3, 1, 4),  # one child per node: the root and one path of three
        (3, 2, 2, 7),  # 1 + 2 + 4
        (10, 4, 3, 121),  # 1 + 3 + 9 + 27 + 81
        (2, 3, 5, 15),  # a cap above the branching factor removes nothing
        (2, 3, 2, 15),
    ],
)
def test_hand_worked_capped_sizes(branching, depth, cap, expected):
    assert search.capped_tree_size(branching, depth, cap) == expected


@given(st.integers(1, 60), st.integers(0, 40))
def test_closed_form_equals_the_brute_force_sum(branching, depth):
    assert search.tree_size(branching, depth) == brute_tree(branching, depth)


@given(st.integers(1, 200), st.integers(0, 30), st.integers(1, 300))
def test_capped_tree_is_the_tree_of_min_cap_branching(branching, depth, cap):
    capped = search.capped_tree_size(branching, depth, cap)
    assert capped == brute_tree(min(cap, branching), depth)
    assert 1 <= capped <= search.tree_size(branching, depth)


def test_the_largest_tree_is_exact_modulo_a_prime():
    """Horner's rule mod 2**61 - 1, one level at a time: independent of the closed form."""
    prime = (1 << 61) - 1
    for branching in (B_MAX, B_MAX - 1, 2):
        expected = 0
        for _ in range(D_MAX + 1):
            expected = (expected * branching + 1) % prime
        n = search.tree_size(branching, D_MAX)
        assert isinstance(n, int) and n % prime == expected


def test_the_largest_tree_has_the_digits_the_logarithms_give():
    n = search.tree_size(B_MAX, D_MAX)
    # log10 of (b^(D+1) - 1)/(b - 1): the -1 is invisible at this size
    log10 = (D_MAX + 1) * math.log10(B_MAX) - math.log10(B_MAX - 1)
    count = search.describe_count(n)
    assert count.digits == math.floor(log10) + 1 == 167_495
    assert count.exact == "" and count.text == count.scientific
    mantissa, exponent = power_parts(count.scientific)
    assert exponent == math.floor(log10)
    assert float(mantissa) == pytest.approx(10 ** (log10 - math.floor(log10)), abs=6e-4)
    assert "inf" not in count.scientific and "nan" not in count.scientific.lower()


@pytest.mark.parametrize("k", [15, 16, 20, 300, 309, 5000])
def test_digit_count_is_exact_next_to_powers_of_ten(k):
    for n, digits in ((10**k - 1, k), (10**k, k + 1), (10**k + 1, k + 1), (2 * 10**k, k + 1)):
        assert search.digit_count(n) == digits


def test_superscript_hand_worked():
    assert search.superscript(0) == "⁰"
    assert search.superscript(51) == "⁵¹"
    assert search.superscript(-45) == "⁻⁴⁵"
    assert search.superscript(167_494) == "¹⁶⁷⁴⁹⁴"
    assert search.superscript(-1_234_567_890) == "⁻¹²³⁴⁵⁶⁷⁸⁹⁰"


@given(st.integers(-(10**12), 10**12))
def test_superscript_is_the_number_raised(n):
    """Against Unicode's own data: every character is a superscript, and compatibility
    normalisation (NFKC) turns them back into the plain digits and a minus sign."""
    text = search.superscript(n)
    assert all(unicodedata.name(c).startswith("SUPERSCRIPT") for c in text)
    assert unicodedata.normalize("NFKC", text).replace("\u2212", "-") == str(n)


def test_powers_of_ten_are_shown_with_superscripts_never_a_caret():
    assert search.describe_count(10**51).scientific == "1.000 × 10⁵¹"
    assert search.share(1, 10**45).text == "1.000 × 10⁻⁴⁵"
    assert "^" not in search.describe_count(search.tree_size(B_MAX, D_MAX)).text


def test_counts_up_to_fifteen_digits_are_shown_in_full():
    assert search.describe_count(15).text == "15"
    assert search.describe_count(999_999_999_999_999).exact == "999,999,999,999,999"
    big = search.describe_count(10**15)
    assert big.exact == "" and big.text == "1.000 × 10¹⁵" and big.digits == 16
    assert search.describe_count(1_398_101).scientific == "1.398 × 10⁶"


def test_scientific_notation_rounds_and_carries():
    assert search.describe_count(99_995 * 10**20).scientific == "1.000 × 10²⁵"  # 9.9995 → 10.00
    assert search.describe_count(99_994 * 10**20).scientific == "9.999 × 10²⁴"
    assert search.describe_count(12_345 * 10**20).scientific == "1.234 × 10²⁴"  # half to even
    assert search.describe_count(12_355 * 10**20).scientific == "1.236 × 10²⁴"


def test_leading_digits_of_a_20000_digit_count_match_its_decimal_string():
    n = search.tree_size(B_MAX, 4000)  # past Python's 4,300-digit str() limit: lift it here
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        digits = str(n)
    finally:
        sys.set_int_max_str_digits(limit)
    count = search.describe_count(n)
    rounded = Decimal(digits[:6]).scaleb(-5).quantize(Decimal("0.001"))
    assert power_parts(count.scientific) == (str(rounded), len(digits) - 1)
    assert count.digits == len(digits)


def test_share_hand_worked():
    s = search.share(4, 15)
    assert s.text == "26.67%" and s.percent == "26.67" and not s.whole
    assert (s.mantissa, s.exponent) == ("2.667", -1)
    assert search.share(15, 15).text == "100% (all of it)"
    assert search.share(1, 2).text == "50.00%"
    assert search.share(1, 1000).text == "0.1000%"
    tiny = search.share(1, 1001)  # under 0.1 %: a fraction in scientific notation
    assert tiny.percent == "" and tiny.text == "9.990 × 10⁻⁴"


@given(st.integers(1, 10**40), st.integers(1, 10**40))
def test_share_mantissa_is_the_exact_fraction_rounded(a, b):
    part, whole = min(a, b), max(a, b)
    s = search.share(part, whole)
    exact = Fraction(part, whole)
    if part == whole:
        assert s.whole
        return
    shown = Fraction(Decimal(s.mantissa)) * Fraction(10) ** s.exponent
    assert Decimal(1) <= Decimal(s.mantissa) < Decimal(10)
    assert abs(shown - exact) <= Fraction(1, 2 * 10**3) * Fraction(10) ** s.exponent
    if s.percent:
        assert Decimal(s.percent) < 100  # a share below 1 never reads as 100 %


def test_a_share_just_under_one_never_reads_as_all_of_it():
    counts = search.search_counts(B_MAX, 1, B_MAX - 1)  # 129,280 of 129,281 nodes
    assert counts.share.text == "99.999%" and not counts.share.whole


def test_extreme_shares_stay_finite_and_exact_in_the_exponent():
    # cap 1 at the largest tree: (D + 1) nodes out of ~10^167,494
    tiny = search.search_counts(B_MAX, D_MAX, 1)
    assert tiny.nodes_explored == D_MAX + 1
    log10 = math.log10(D_MAX + 1) - ((D_MAX + 1) * math.log10(B_MAX) - math.log10(B_MAX - 1))
    assert tiny.share.exponent == math.floor(log10)
    assert float(tiny.share.mantissa) == pytest.approx(10 ** (log10 - math.floor(log10)), abs=6e-4)
    # cap b - 1: the share tends to ((b-1)/b)^(D+1) · (b-1)/(b-2), about 0.776
    close = search.search_counts(B_MAX, D_MAX, B_MAX - 1)
    b, c = B_MAX, B_MAX - 1
    expected = math.exp((D_MAX + 1) * math.log1p(-1 / b)) * (b - 1) / (c - 1)
    assert float(close.share.percent) / 100 == pytest.approx(expected, abs=1e-4)
    assert close.share.text == "77.61%"
    for counts in (tiny, close):
        for text in (counts.share.text, counts.share.as_json()["scientific"]):
            assert "inf" not in text and "nan" not in text.lower() and "e" not in text


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: search.capped_tree_size(2, 3, 0), "expansion_cap must be in"),
        (lambda: search.capped_tree_size(2, 3, -1), "expansion_cap must be in"),
        (lambda: search.tree_size(0, 3), "branching must be in"),
        (lambda: search.tree_size(B_MAX + 1, 3), "branching must be in"),
        (lambda: search.tree_size(2, -1), "depth must be in"),
        (lambda: search.tree_size(2, D_MAX + 1), "depth must be in"),
        (lambda: search.tree_size(2.0, 3), "branching must be an integer"),
        (lambda: search.tree_size(True, 3), "branching must be an integer"),
        (lambda: search.describe_count(0), "positive integer"),
        (lambda: search.share(0, 3), "1 ≤ part ≤ whole"),
        (lambda: search.share(4, 3), "1 ≤ part ≤ whole"),
    ],
)
def test_out_of_range_is_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_count_repr_never_writes_a_huge_integer():
    count = search.describe_count(search.tree_size(B_MAX, D_MAX))
    assert len(repr(count)) < 200 and "167495" in repr(count)
