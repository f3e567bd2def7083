"""Search-space arithmetic for chapter 07: how large a tree of partial answers is, and how much of
it a search that expands at most ``expansion_cap`` children per node can ever reach.

The model (ours, a simplification of what the paper describes in words):

* A rooted tree. Each node is a partial answer; each child adds one more token. The root is the
  empty answer. (The paper's attempt expanded reasoning steps that the model marked with tags,
  not single tokens; a tree over tokens is the extreme case behind its "exponentially larger
  search space".)
* The **full tree** gives every node ``branching`` children, down to ``depth`` levels below the
  root. Its size counts every node at every level, the root included::

      tree_size(b, D) = sum_{d=0..D} b**d = (b**(D+1) - 1) // (b - 1)   (D + 1 when b = 1)

  (Its leaves, the complete answers of length D, are b**D of them: the last term.)
* The **capped tree** gives every node ``min(cap, b)`` children: the paper's "maximum extension
  limit for each node". Its size, ``tree_size(min(cap, b), D)``, is the most that any search
  under that cap can ever reach; a real Monte Carlo tree search stops after a budget of
  simulations and visits far fewer.

Counts stay exact Python integers at every input in range (a tree over DeepSeek-V3's vocabulary,
32,768 tokens deep, has about 167,000 digits; computing it takes milliseconds). Nothing here turns
them into floats: a float overflows to ``inf`` past about 1.8 × 10³⁰⁸ and a share underflows to
0 below about 10⁻³⁰⁸. Display text is made with :mod:`decimal` from the top bits of the exact
integers, so the mantissa is right to about 30 significant digits before it is rounded for
display, and the exponent is exact.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field

from .. import paper

MAX_BRANCHING: int = int(paper.V3_VOCABULARY_SIZE.value)  # a token-level tree over V3's vocabulary
MAX_DEPTH: int = int(paper.R1_FIRST_RL_STAGE["max_length"].value)  # tokens in one R1 response
EXACT_DIGITS = 15  # counts up to this many digits are also shown in full, with separators
SIGNIFICANT = 4  # significant digits of a count or share shown in scientific notation

_CONTEXT = decimal.Context(prec=40, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_KEEP_BITS = 128  # the top bits of an integer kept for its decimal approximation


def _check(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, not {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be in [{low:,}, {high:,}], not {value:,}")


def tree_size(branching: int, depth: int) -> int:
    """Nodes in a full tree with ``branching`` children per node, ``depth`` levels below the root,
    the root included: sum over d = 0..depth of branching**d, exactly.

    Parameters
    ----------
    branching : int
        Children per node, 1 to :data:`MAX_BRANCHING`.
    depth : int
        Levels below the root, 0 to :data:`MAX_DEPTH`.
    """
    _check("branching", branching, 1, MAX_BRANCHING)
    _check("depth", depth, 0, MAX_DEPTH)
    if branching == 1:
        return depth + 1
    return (branching ** (depth + 1) - 1) // (branching - 1)


def capped_tree_size(branching: int, depth: int, expansion_cap: int) -> int:
    """Nodes a search can reach when each node expands at most ``expansion_cap`` of its
    ``branching`` children, to ``depth`` levels: ``tree_size(min(cap, branching), depth)``.

    A cap of zero would expand nothing below the root and is refused (cap ≥ 1)."""
    _check("expansion_cap", expansion_cap, 1, MAX_BRANCHING)
    _check("branching", branching, 1, MAX_BRANCHING)
    return tree_size(min(expansion_cap, branching), depth)


def _approx(n: int) -> decimal.Decimal:
    """n > 0 as a Decimal of 40 significant digits, from its top bits (no huge int → str)."""
    shift = max(0, n.bit_length() - _KEEP_BITS)
    top = decimal.Decimal(n >> shift)  # exact: fewer than 40 digits
    return _CONTEXT.multiply(top, _CONTEXT.power(decimal.Decimal(2), shift))


def _scientific(x: decimal.Decimal, significant: int = SIGNIFICANT) -> tuple[str, int]:
    """x > 0 rounded to ``significant`` digits: (mantissa text, exponent), 1 ≤ mantissa < 10."""
    text = format(x, f".{significant - 1}e")  # Decimal formatting rounds and carries 9.9995 → 1.000
    mantissa, exponent = text.split("e")
    return mantissa, int(exponent)


def _rounded(x: decimal.Decimal, significant: int) -> str:
    """x > 0 rounded to ``significant`` significant digits, written without an exponent."""
    quantum = decimal.Decimal(1).scaleb(x.adjusted() - significant + 1)
    return format(x.quantize(quantum, context=_CONTEXT), "f")


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def superscript(exponent: int) -> str:
    """An integer in Unicode superscript characters, for display: 51 → "⁵¹", -45 → "⁻⁴⁵"."""
    return str(exponent).translate(_SUPERSCRIPT)


def _power_text(mantissa: str, exponent: int) -> str:
    return f"{mantissa} × 10{superscript(exponent)}"


def digit_count(n: int) -> int:
    """Decimal digits of n ≥ 1, exactly, without converting a huge n to a string."""
    if n < 10**EXACT_DIGITS:
        return len(str(n))
    x = _approx(n)  # 40 digits, relative error below 1e-35
    guess = x.adjusted() + 1
    mantissa = x.scaleb(-x.adjusted())
    if decimal.Decimal("1.000000000001") < mantissa < decimal.Decimal("9.999999999999"):
        return guess  # far from a power of ten: the approximation cannot be off by a digit
    if n >= 10**guess:  # near one: settle it with exact integers
        return guess + 1
    if n < 10 ** (guess - 1):
        return guess - 1
    return guess


@dataclass(frozen=True)
class Count:
    """An exact count and how to show it: ``exact`` (all digits with separators, "" past
    :data:`EXACT_DIGITS` digits), ``scientific`` ("1.293 × 10⁵¹") and ``digits``."""

    value: int = field(repr=False)  # repr of a 167,000-digit int raises (int_max_str_digits)
    exact: str
    scientific: str
    digits: int

    @property
    def text(self) -> str:
        """The exact digits when short, else scientific notation."""
        return self.exact or self.scientific

    def as_json(self) -> dict[str, object]:
        """For the browser: text only (a JSON number loses precision past 2**53)."""
        return {
            "exact": self.exact,
            "scientific": self.scientific,
            "digits": self.digits,
            "text": self.text,
        }


def describe_count(n: int) -> Count:
    """A positive integer as :class:`Count`."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"a count must be a positive integer, not {n!r}")
    digits = digit_count(n)
    exact = f"{n:,}" if digits <= EXACT_DIGITS else ""
    return Count(n, exact, _power_text(*_scientific(_approx(n))), digits)


@dataclass(frozen=True)
class Share:
    """part / whole for 1 ≤ part ≤ whole, shown without floats: ``mantissa`` times 10 to the
    power ``exponent`` (4 significant digits), ``percent`` (text, "" when under 0.1 %) and
    ``text``."""

    mantissa: str
    exponent: int
    percent: str
    whole: bool  # part == whole: the search can reach the entire tree

    @property
    def text(self) -> str:
        if self.whole:
            return "100% (all of it)"
        return f"{self.percent}%" if self.percent else _power_text(self.mantissa, self.exponent)

    def as_json(self) -> dict[str, object]:
        return {
            "mantissa": self.mantissa,
            "exponent": self.exponent,
            "percent": self.percent,
            "whole": self.whole,
            "scientific": _power_text(self.mantissa, self.exponent),
            "text": self.text,
        }


def share(part: int, whole: int) -> Share:
    """``part / whole`` as a :class:`Share`; exact comparisons on the integers, display digits
    from 40-digit decimals of each (``fractions.Fraction(part, whole)`` is the exact value)."""
    if not 1 <= part <= whole:
        raise ValueError(f"need 1 ≤ part ≤ whole, got part={part!r}, whole={whole!r}")
    if part == whole:
        return Share("1.000", 0, "100", True)
    ratio = _CONTEXT.divide(_approx(part), _approx(whole))
    mantissa, exponent = _scientific(ratio)
    percent = ""
    if ratio >= decimal.Decimal("0.001"):
        # Enough digits that a share just under 1 never reads as 100% (in range, the largest
        # share below 1 is b/(b + 1) at depth 1, so a few more digits always suffice).
        for significant in range(SIGNIFICANT, 40):
            percent = _rounded(_CONTEXT.multiply(ratio, 100), significant)
            if decimal.Decimal(percent) < 100:
                break
    return Share(mantissa, exponent, percent, False)


@dataclass(frozen=True)
class SearchCounts:
    """The full tree, the capped tree and the share of the first that the second covers."""

    search_space: int
    nodes_explored: int
    share: Share


def search_counts(branching: int, depth: int, expansion_cap: int) -> SearchCounts:
    """Both tree sizes and their ratio for one setting (see the module's docstring)."""
    space = tree_size(branching, depth)
    explored = capped_tree_size(branching, depth, expansion_cap)
    return SearchCounts(space, explored, share(explored, space))
