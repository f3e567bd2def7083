"""R1's rule-based rewards: format, accuracy and language consistency, as plain text rules.

DeepSeek-R1 scores its *reasoning* data with rules, not a neural reward model (P-v1 §2.2.2;
Nature Methods eq. 4 and 7): Reward_rule = Reward_acc + Reward_format, "combined with the same
weight"; for R1 (not R1-Zero) a language-consistency reward, the share of target-language
words in the chain of thought, is added directly to it, with no weight stated. R1's last RL
stage also used learned reward models, for general (non-reasoning) data only. The papers give
no regex, no word splitter and no reward magnitudes: the choices below (0 or 1 per rule, the
language reward added at weight 1, a total out of 3) are ours and each is documented.

Every function here takes any Python string and returns in time linear in its length (up to
a logarithmic factor in one numpy sort): the scans use ``str.find``/``str.count``, numpy over
the code points, and regexes whose alternatives start with disjoint characters and whose
repeats cannot overlap (no nested quantifiers), so no input can make them backtrack; the few
with bounded nested repeats only ever run inside a 200-character window. No function raises
on any string (lone surrogates included), and nothing is ever ``eval``-ed.

Indices (``answer_span``) are Python code-point offsets ``[start, end)`` into the response;
:func:`utf16_span` converts them for JavaScript's ``String.slice``.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

THINK_OPEN, THINK_CLOSE = "<think>", "</think>"
ANSWER_OPEN, ANSWER_CLOSE = "<answer>", "</answer>"
TAGS = (THINK_OPEN, THINK_CLOSE, ANSWER_OPEN, ANSWER_CLOSE)
LANGUAGES = ("en", "zh", "none")

PREVIEW = 40  # characters of an answer quoted in a reason line
MAX_NUMBER_CHARS = 100  # longer strings are compared as text, never converted to a number


@dataclass(frozen=True)
class RewardResult:
    """The three rule-based rewards of one response, and why each has its value.

    The scale is ours: the papers state no magnitudes (paper-data §2.1 [U]), so each rule
    gives 0 or 1 here (the language reward a share in [0, 1]) and the total is out of 3, or
    out of 2 when the language reward is off (R1-Zero).

    Attributes
    ----------
    format_reward : 0 or 1.
    accuracy_reward : 0 or 1.
    language_reward : share of target-language words in the chain of thought, in [0, 1]; 0
        when there is no chain of thought, and 0 (not scored) when the target is "none".
    total_reward : accuracy + format + language. The papers combine accuracy and format "with
        the same weight" and add the language reward "directly", stating no weight for it;
        adding it at weight 1 on this 0/1 scale is our choice.
    extracted_answer : the final answer read from the response ("" when none is found).
    answer_span : ``[start, end)`` code-point indices of that answer in the response, or None.
    reasons : one line each for "format", "accuracy" and "language".
    language_scored : False when the target language is "none" (R1-Zero had no such reward).
    """

    format_reward: float
    accuracy_reward: float
    language_reward: float
    total_reward: float
    extracted_answer: str
    answer_span: tuple[int, int] | None
    reasons: dict[str, str] = field(default_factory=dict)
    language_scored: bool = True

    @property
    def max_total(self) -> float:
        """The largest total this setting can give: 3, or 2 when the language reward is off."""
        return 3.0 if self.language_scored else 2.0


def _quote(text: str) -> str:
    """A short, one-line rendering of untrusted text for a reason line."""
    flat = " ".join(text[: PREVIEW + 1].split())
    return repr(flat[:PREVIEW] + "…" if len(text) > PREVIEW else flat)


def _blank(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is empty or whitespace only."""
    return not text[start:end].strip()


# --- format ------------------------------------------------------------------------------------


def _lenient_format(response: str) -> tuple[bool, str]:
    counts = {tag: response.count(tag) for tag in TAGS}
    for tag, count in counts.items():
        if count == 0:
            return False, f"no {tag} tag"
        if count > 1:
            return False, f"{tag} appears {count} times; the template has it once"
    t0 = response.find(THINK_OPEN)
    t1 = response.find(THINK_CLOSE)
    a0 = response.find(ANSWER_OPEN)
    a1 = response.find(ANSWER_CLOSE)
    if not t0 < t1 < a0 < a1:
        return False, "tags out of order; the template is <think>…</think> <answer>…</answer>"
    if not _blank(response, 0, t0):
        return False, "text before <think>; the response must open with the reasoning"
    if not _blank(response, t1 + len(THINK_CLOSE), a0):
        return False, "text between </think> and <answer>"
    if not _blank(response, a1 + len(ANSWER_CLOSE), len(response)):
        return False, "text after </answer>"
    return True, (
        "<think>…</think> then <answer>…</answer>: matches R1-Zero's template "
        "(used here for R1 too)"
    )


STRICT_HEAD = "<think>\n"
STRICT_MIDDLE = "\n</think>\n<answer>\n"
STRICT_TAIL = "\n</answer>"


def strict_format_match(response: str, open_r1_multiline: bool = False) -> bool:
    """Whether ``response`` matches ``^<think>\\n.*?\\n</think>\\n<answer>\\n.*?\\n</answer>$``.

    open-r1's rule (its ``format_reward``, paper-data §2.3; the R1 papers give no regex), by
    ``str.find`` in linear time instead of a backtracking regex. With ``re.DOTALL`` the regex
    matches exactly when the text starts with ``<think>\\n``; some later
    ``\\n</think>\\n<answer>\\n`` exists (the first one leaves the most room, so it is the one
    to test); and after it the text ends with ``\\n</answer>``, optionally followed by one
    ``\\n`` (Python's ``$`` also matches before a final newline).

    Parameters
    ----------
    response : the model's text.
    open_r1_multiline : reproduce open-r1's ``re.MULTILINE`` quirk, under which ``$`` matches
        at any line end, so any text on the lines after ``</answer>`` is tolerated. Our
        strict mode uses False (the rule's evident meaning: nothing after ``</answer>`` but a
        newline); True is offered to show the difference and is tested against ``re``.
    """
    if not response.startswith(STRICT_HEAD):
        return False
    middle = response.find(STRICT_MIDDLE, len(STRICT_HEAD))
    if middle < 0:
        return False
    earliest_tail = middle + len(STRICT_MIDDLE)  # the tail's "\n" may not reuse <answer>'s
    if open_r1_multiline:
        pos = response.find(STRICT_TAIL, earliest_tail)
        while pos >= 0:  # each find starts past the last one: linear overall
            after = pos + len(STRICT_TAIL)
            if after == len(response) or response[after] == "\n":
                return True
            pos = response.find(STRICT_TAIL, after)
        return False
    for ending in (STRICT_TAIL, STRICT_TAIL + "\n"):
        if response.endswith(ending) and len(response) - len(ending) >= earliest_tail:
            return True
    return False


def format_reward(response: str, strict: bool = False) -> tuple[float, str]:
    """Format reward: 1 when the response follows the tag template, else 0.

    Parameters
    ----------
    response : the model's text.
    strict : False (default) applies the template of R1-Zero's prompt (P-v1 Table 1): after
        optional whitespace, one ``<think>…</think>`` block, optional whitespace, one
        ``<answer>…</answer>`` block, optional whitespace; each tag exactly once. The papers
        say only that the format reward keeps the thinking between ``<think>`` and
        ``</think>``; asking for the template's ``<answer>`` block too is our reading, and so
        is using R1-Zero's template for R1 (which template R1's format reward checked after its
        cold start is not stated). True applies open-r1's strict template with its
        exact newlines (paper-data §2.3, not a rule from the R1 papers), see
        :func:`strict_format_match` (no text after ``</answer>``).

    Returns
    -------
    (reward, reason) with reward 0.0 or 1.0 and a one-line reason.
    """
    if strict:
        if strict_format_match(response):
            return 1.0, "strict: <think>\\n…\\n</think>\\n<answer>\\n…\\n</answer> exactly"
        return 0.0, _strict_failure(response)
    ok, reason = _lenient_format(response)
    return (1.0 if ok else 0.0), reason


def _strict_failure(response: str) -> str:
    if not response.startswith(STRICT_HEAD):
        return "strict: must start with <think> and a newline"
    if response.find(STRICT_MIDDLE, len(STRICT_HEAD)) < 0:
        return "strict: needs a newline, </think>, newline, <answer>, newline"
    if strict_format_match(response, open_r1_multiline=True):
        return "strict: text after </answer> (open-r1's multiline regex would let it pass)"
    return "strict: must end with a newline then </answer>"


# --- answer extraction ---------------------------------------------------------------------------

_BOXED = "\\boxed{"
_BOXED_CODES = np.array([ord(c) for c in _BOXED], dtype=np.uint32)
_OPEN, _CLOSE = ord("{"), ord("}")


def _code_points(text: str) -> np.ndarray:
    """The text as an array of code points (lone surrogates kept), index for index."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _box_pairs(text: str, start: int, end: int | None) -> tuple[int, np.ndarray, np.ndarray]:
    """Every balanced ``\\boxed{…}`` in ``text[start:end]``: (offset, opens, closes).

    ``opens[i]`` and ``closes[i]`` index the box's ``{`` and its matching ``}`` in
    ``text[offset:end]``, in the order the boxes open. Braces are matched in one vectorised
    pass: the brace depth is a cumulative sum; each brace crosses one edge between two depth
    levels (``{`` going up to level d, ``}`` coming down from it), and the crossings of one
    edge alternate up, down, up, ... So after a stable sort of the braces by level, a ``{`` is
    matched by the next brace at its level when that one is a ``}``, and unclosed otherwise.
    """
    end = len(text) if end is None else end
    first = text.find(_BOXED, start, end)
    if first < 0:
        return 0, np.empty(0, np.int64), np.empty(0, np.int64)
    codes = _code_points(text[first:end])
    n, k = len(codes), len(_BOXED)
    is_open, is_close = codes == _OPEN, codes == _CLOSE
    depth = np.cumsum(is_open.astype(np.int64) - is_close)
    braces = np.flatnonzero(is_open | is_close)
    level = depth[braces] + is_close[braces]  # "{": depth after it; "}": depth before it
    order = np.argsort(level, kind="stable")  # positions stay in order within a level
    by_level, level = braces[order], level[order]
    opening = is_open[by_level]
    paired = opening[:-1] & ~opening[1:] & (level[:-1] == level[1:])
    close_of = np.full(n, -1, dtype=np.int64)
    close_of[by_level[:-1][paired]] = by_level[1:][paired]
    is_box = np.ones(n - k + 1, dtype=bool)
    for i, code in enumerate(_BOXED_CODES):
        is_box &= codes[i : n - k + 1 + i] == code
    opens = np.flatnonzero(is_box) + k - 1  # index of each box's "{"
    closes = close_of[opens]
    balanced = closes >= 0
    return first, opens[balanced], closes[balanced]


def boxed_spans(
    text: str, start: int = 0, end: int | None = None, outermost: bool = False
) -> list[tuple[int, int]]:
    """``[start, end)`` of the contents of every balanced ``\\boxed{…}`` in ``text[start:end]``,
    in the order the boxes open (an outer box before the boxes nested in it).

    With ``outermost``, only the boxes that no other box contains: their contents do not
    overlap, so reading them all costs time linear in the text.
    """
    offset, opens, closes = _box_pairs(text, start, end)
    if outermost and len(opens):
        reach = np.maximum.accumulate(closes)  # boxes nest: an open before reach is inside
        keep = np.ones(len(opens), dtype=bool)
        keep[1:] = opens[1:] > reach[:-1]
        opens, closes = opens[keep], closes[keep]
    pairs = zip(opens.tolist(), closes.tolist(), strict=True)
    return [(offset + o + 1, offset + c) for o, c in pairs]


def last_boxed(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """``[start, end)`` of the contents of the last balanced ``\\boxed{…}`` in ``text[start:end]``.

    "Last" means the balanced box that opens last, so ``\\boxed{\\boxed{5}}`` gives ``5``; a box
    that closes only after ``end`` is not balanced in the slice. Linear time up to one numpy
    sort, also on ``"\\boxed{" * n``, where every box is unbalanced.
    """
    offset, opens, closes = _box_pairs(text, start, end)
    if len(opens) == 0:
        return None
    return offset + int(opens[-1]) + 1, offset + int(closes[-1])


# "answer is" / "answer:" (any case); alternatives begin with different characters.
_ANSWER_PHRASE = re.compile(r"answer\s*(?:is\b|:)", re.IGNORECASE)
# The answer token after the phrase: $…$, \frac{a}{b}, or a number (no nested repeats).
_ANSWER_TOKEN = re.compile(
    r"\$[^$\n]{1,100}\$|\\[dt]?frac\{[^{}]{0,50}\}\{[^{}]{0,50}\}|[-+−]?\d+(?:,\d{3}(?!\d))*(?:\.\d+)?(?:/\d+)?"
)
_PHRASE_WINDOW = 200  # characters searched after the phrase, on the same line


def _last_phrase(response: str) -> re.Match[str] | None:
    """The last "answer is" / "answer:" in ``response`` (any case), or None."""
    phrase = None
    for match in _ANSWER_PHRASE.finditer(response):  # keep the last
        phrase = match
    return phrase


def _phrase_quote(response: str) -> str:
    """The "answer is" / "answer:" phrase the checker matched, quoted as written (one line)."""
    phrase = _last_phrase(response)
    return repr(" ".join(phrase.group().split())) if phrase is not None else "'answer is'"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding whitespace."""
    inner = text[start:end]
    lead = len(inner) - len(inner.lstrip())
    trail = len(inner) - len(inner.rstrip())
    return (start + lead, end - trail) if lead < len(inner) else (start, start)


def locate_answer(response: str) -> tuple[tuple[int, int] | None, str]:
    """Where the final answer is, and which rule found it.

    Priority: (1) the last ``<answer>`` block (to ``</answer>``, or to the end if unclosed),
    and inside it the last balanced ``\\boxed{}`` if there is one, else the whole block
    trimmed; (2) without an answer block, the last balanced ``\\boxed{}`` anywhere; (3) else,
    after the last "answer is" / "answer:" (any case), the first ``$…$``, ``\\frac{a}{b}`` or
    number within 200 characters, on the line where the answer starts. Otherwise nothing: a
    rule-based reward gives no credit for an answer it cannot find.

    Rule (3) is our leniency: the paper asks for the final answer "in a specified format
    (e.g., within a box)" (P-v1 §2.2.2); reading plain prose after "answer is" is not its rule.

    Returns
    -------
    (span, source): span is ``(start, end)`` or None; source names the rule
    ("answer block", "\\boxed{} in answer block", "\\boxed{}", "answer is", "none").
    """
    a0 = response.rfind(ANSWER_OPEN)
    if a0 >= 0:
        inner_start = a0 + len(ANSWER_OPEN)
        a1 = response.find(ANSWER_CLOSE, inner_start)
        inner_end = len(response) if a1 < 0 else a1
        boxed = last_boxed(response, inner_start, inner_end)
        if boxed is not None:
            span, source = _trim(response, *boxed), "\\boxed{} in answer block"
        else:
            span, source = _trim(response, inner_start, inner_end), "answer block"
        return (span if span[0] < span[1] else None), source
    boxed = last_boxed(response)
    if boxed is not None:
        span = _trim(response, *boxed)
        return (span if span[0] < span[1] else None), "\\boxed{}"
    phrase = _last_phrase(response)
    if phrase is not None:
        head = response[phrase.end() : phrase.end() + _PHRASE_WINDOW]
        start = phrase.end() + len(head) - len(head.lstrip())  # the answer may start a line
        line_end = response.find("\n", start, start + _PHRASE_WINDOW)
        stop = min(len(response), start + _PHRASE_WINDOW) if line_end < 0 else line_end
        token = _ANSWER_TOKEN.search(response, start, stop)
        if token is not None:
            return token.span(), "answer is"
        return None, "answer is"
    return None, "none"


def extract_answer(response: str) -> tuple[str, tuple[int, int] | None]:
    """The final answer in ``response`` and its ``[start, end)`` span (``("", None)`` if none).

    See :func:`locate_answer` for the priority of the rules.
    """
    span, _ = locate_answer(response)
    if span is None:
        return "", None
    return response[span[0] : span[1]], span


# --- equivalence -------------------------------------------------------------------------------

_WRAPPERS = (
    "\\boxed",
    "\\text",
    "\\textbf",
    "\\mathrm",
    "\\mathbf",
    "\\operatorname",
)
_DROPPED = ("\\displaystyle", "\\left", "\\right")
_SPACES = ("\\,", "\\!", "\\;", "\\:", "\\ ", "~")
_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_CHARS = frozenset("0123456789.")


@functools.lru_cache(maxsize=16)  # one answer is read by several rules: normalise it once
def normalize_answer(answer: str) -> str:
    """A canonical text for comparison: LaTeX wrappers, $, spaces, case and a final period gone.

    Steps: strip ``$``, ``\\(`` ``\\)`` ``\\[`` ``\\]`` and LaTeX spacing; unwrap ``\\boxed``,
    ``\\text``, ``\\mathrm`` and similar; ``\\dfrac``/``\\tfrac`` become ``\\frac`` and
    ``\\frac{a}{b}`` becomes ``(a)/(b)``; keep only what follows the last ``=`` (so
    ``x = 5`` is ``5``); drop braces, whitespace and trailing periods; lower-case.
    """
    s = answer.replace("−", "-")
    for token in ("$", "\\(", "\\)", "\\[", "\\]", *_SPACES):
        s = s.replace(token, " " if token in _SPACES else "")
    s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
    for wrapper in _WRAPPERS:
        s = s.replace(wrapper + "{", "{")
    for command in _DROPPED:
        s = s.replace(command, "")
    s = _FRAC.sub(r"(\1)/(\2)", s)
    eq = s.rfind("=")
    if eq >= 0:
        s = s[eq + 1 :]
    s = "".join(s.replace("{", "").replace("}", "").split()).lower()
    return s.rstrip(".")


def _decimal(text: str) -> Fraction | None:
    """An exact value for ``[+-]digits[.digits]`` (either side may be empty, not both)."""
    sign = 1
    if text and text[0] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    if not text or not set(text) <= _DECIMAL_CHARS or text.count(".") > 1 or text == ".":
        return None
    whole, _, frac = text.partition(".")
    value = Fraction(int(whole or "0")) + (Fraction(int(frac), 10 ** len(frac)) if frac else 0)
    return sign * value


def parse_number(normalized: str) -> Fraction | None:
    """The exact rational value of a normalised answer, or None if it is not a plain number.

    Accepts integers (``05``), decimals (``5.0``, ``.5``, ``5.``), thousands separators
    (``1,000``), fractions ``a/b`` and ``(a)/(b)`` with decimal parts, and a sign in front.
    Strings longer than 100 characters are not numbers here (this bounds the work and keeps
    Python's int-size limit out of reach). Never evaluates anything.
    """
    s = normalized
    if not s or len(s) > MAX_NUMBER_CHARS:
        return None
    sign = 1
    if s[0] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    if _THOUSANDS.fullmatch(s):
        s = s.replace(",", "")
    if set(s) <= _DECIMAL_CHARS | {"(", ")", "/", "-", "+"}:
        s = s.replace("(", "").replace(")", "")
    parts = s.split("/")
    if len(parts) == 1:
        value = _decimal(parts[0])
        return None if value is None else sign * value
    if len(parts) == 2:
        num, den = _decimal(parts[0]), _decimal(parts[1])
        if num is None or den is None or den == 0:
            return None
        return sign * num / den
    return None


# --- hedging -----------------------------------------------------------------------------------

# Where an answer offers alternatives: ";", a line break, LaTeX's "\\" and "\quad"/"\qquad", a
# comma (but not one inside a number such as 1,000), and the words "or" and "and". Every
# alternative is a literal or a one-character test: a match attempt does constant work.
_ALTERNATIVE = re.compile(
    r";|\n|\\\\|\\q?quad|(?<!\d),|,(?!\d{3}(?!\d))|\b(?:or|and)\b", re.IGNORECASE
)
# A conclusion word opening an alternative: what came before it was working, not an offer.
_CONCLUSION = re.compile(r"(?:so|thus|hence|therefore)\b", re.IGNORECASE)
# An alternative with none of these is words only ("So", "Subtract"): commentary, when the
# ground truth is a number.
_VALUE_MARK = re.compile(r"[0-9=\\$]")
HEDGE_WORDS = ("maybe", "perhaps", "possibly", "probably", "either")
_HEDGE_WORD = "(?:" + "|".join(HEDGE_WORDS) + ")"
# One hedge word and the spaces after it, at the start of an alternative ("possibly yes").
_LEADING_HEDGE = re.compile(_HEDGE_WORD + r"\b\s*", re.IGNORECASE)
# A hedge word or a name with "=" before a value: "maybe 5", "possibly x = 5".
_VALUE_PREFIX = rf"(?:{_HEDGE_WORD}\s{{1,3}})?(?:[a-z]{{1,10}}\s{{0,3}}=\s{{0,3}})?"
# After an "answer is" token: more tokens joined by separators ("4 or 5", "4, or maybe x = 5").
_MORE_TOKENS = re.compile(
    r"(?:\s{0,3}(?:[,;]|\\q?quad|\b(?:or|and)\b)){1,3}\s{0,3}" + _VALUE_PREFIX, re.IGNORECASE
)


def _split(text: str) -> list[str]:
    """``text`` cut at the separators, each piece stripped (a fast path skips the regex when no
    separator can occur: the words "or" and "and" match ASCII letters only, any case)."""
    low = text.lower()
    if not any(mark in text for mark in ";\n\\,") and "or" not in low and "and" not in low:
        return [text.strip()]
    return [piece.strip() for piece in _ALTERNATIVE.split(text)]


def _alternatives(text: str) -> list[str]:
    """The alternatives of an answer's conclusion, stripped (empty ones too): ``text`` cut at
    the separators, keeping what follows the last so / thus / hence / therefore that opens an
    alternative (the word dropped)."""
    pieces = _split(text)
    for i in range(len(pieces) - 1, -1, -1):
        word = _CONCLUSION.match(pieces[i]) if pieces[i][:1] in "sStThH" else None
        if word is not None:
            return [pieces[i][word.end() :].lstrip(), *pieces[i + 1 :]]
    return pieces


def _without_hedge_words(piece: str) -> str:
    """``piece`` without the hedge words that open it: "possibly yes" states "yes". Each round
    removes at least one character: linear in the piece."""
    start = 0
    while (word := _LEADING_HEDGE.match(piece, start)) is not None and word.end() > start:
        start = word.end()
    return piece[start:]


def _value(piece: str) -> Fraction | str:
    """What an answer states, for comparison: its exact number, else its normalised text."""
    normalized = normalize_answer(piece)
    number = parse_number(normalized)
    return normalized if number is None else number


def _two_values(pieces: Iterable[str], numeric: bool) -> tuple[str, str] | None:
    """The first two alternatives that state different values, or None.

    Each alternative is read as a whole answer (so ``x = 15/3 = 5`` states 5), without the
    hedge words that open it (so "possibly yes" states "yes", and is returned as "yes"). Empty
    ones are skipped; with ``numeric`` (the ground truth is a number), so are alternatives of
    words only. Stops at the second value found: linear in the text, repeated alternatives
    read once.
    """
    first: str | None = None
    first_value: Fraction | str = ""
    seen: set[str] = set()
    for piece in map(_without_hedge_words, pieces):
        if not piece or piece in seen:
            continue
        seen.add(piece)
        if numeric and not _VALUE_MARK.search(piece):
            continue
        value = _value(piece)
        if value == "":
            continue
        if first is None:
            first, first_value = piece, value
        elif value != first_value:
            return first, piece
    return None


def _truth_kind(truth: str) -> tuple[bool, bool]:
    """(is a list, is a number) for a ground truth. A truth that itself lists different values
    ("2, 3") is compared whole, as a list: offering several values is then what it asks."""
    listed = _two_values(_split(truth), numeric=False) is not None
    return listed, parse_number(normalize_answer(truth)) is not None


def hedge(answer: str, truth: str) -> tuple[str, str] | None:
    """Two different final values that ``answer`` offers, or None when it commits to one.

    An answer hedges when it offers more than one final value: its alternatives, cut at
    ``;``, ``,`` (not the comma of 1,000), line breaks, ``\\\\``, ``\\quad`` and the words *or*
    and *and*, state different values (``x = 4 or x = 5``, ``x=4; y = 5``, ``no, or possibly
    yes``). One chain ``x = 15/3 = 5`` is one alternative and states its last value, 5. A
    conclusion word (*so*, *thus*, *hence*, *therefore*) ends the working: only what follows
    the last one is read, so ``3x = 15, so x = 5`` commits to 5. When the truth is a number,
    alternatives of words only ("So", "Subtract") are commentary, not values. When the truth
    itself lists different values, nothing is a hedge (the answer is compared whole).

    This reads separators, it does not do algebra: ``x = 4 x = 5`` is one chain ending in 5.
    """
    listed, numeric = _truth_kind(truth)
    if listed:
        return None
    return _two_values(_alternatives(answer), numeric)


def answers_match(answer: str, truth: str) -> bool:
    """Whether an extracted answer equals the ground truth.

    An answer that offers more than one final value never matches (see :func:`hedge`). Else
    both are normalised (:func:`normalize_answer`). If both are numbers they are compared
    exactly as fractions (so 5, 5.0, 05, x = 5, \\boxed{5}, \\frac{10}{2}, 10/2, $5$ and "5."
    all equal 5); otherwise the normalised texts must be identical ("Yes." equals
    "\\text{yes}"). An empty answer never matches.
    """
    return hedge(answer, truth) is None and _same_value(answer, truth)


def _same_value(answer: str, truth: str) -> bool:
    """answers_match without the hedge check."""
    a, t = normalize_answer(answer), normalize_answer(truth)
    if not a or not t:
        return False
    a_num, t_num = parse_number(a), parse_number(t)
    if a_num is not None and t_num is not None:
        return a_num == t_num
    return a == t


def accuracy_reward(response: str, ground_truth: str) -> tuple[float, str]:
    """Accuracy reward: 1 when the extracted answer equals the ground truth, else 0.

    An answer that offers more than one final value earns 0 (see :func:`hedge`): in the
    ``<answer>`` block, among all the ``\\boxed{}`` of the answer region, or in the values
    listed right after "answer is" ("the answer is 4 or 5").

    Returns
    -------
    (reward, reason) with reward 0.0 or 1.0 and a one-line reason naming the rule that found
    the answer.
    """
    span, source = locate_answer(response)
    return _judge(response, ground_truth, span, source)


# A bare value, written outside the boxes of a boxed answer ("4 or \\boxed{5}"): a token, maybe
# after a hedge word or a name with "=", maybe with a final period.
_BARE_VALUE = re.compile(f"{_VALUE_PREFIX}(?:{_ANSWER_TOKEN.pattern})[.!]?", re.IGNORECASE)


def _answer_is_tokens(response: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The token read after "answer is" and the tokens listed right after it, on its line."""
    line_end = response.find("\n", span[1], span[0] + _PHRASE_WINDOW)
    stop = min(len(response), span[0] + _PHRASE_WINDOW) if line_end < 0 else line_end
    tokens = [span]
    while True:  # each round consumes at least one token character: bounded by the window
        more = _MORE_TOKENS.match(response, tokens[-1][1], stop)
        token = None if more is None else _ANSWER_TOKEN.match(response, more.end(), stop)
        if token is None:
            return tokens
        tokens.append(token.span())


def _hedge_in_response(
    response: str, ground_truth: str, span: tuple[int, int], source: str
) -> tuple[str, str] | None:
    """Two different values the response offers as its final answer, or None (see ``hedge``)."""
    listed, numeric = _truth_kind(ground_truth)
    if listed:
        return None
    if source == "answer is":
        tokens = (response[s:e] for s, e in _answer_is_tokens(response, span))
        return _two_values(tokens, numeric)
    if source == "answer block":
        return _two_values(_alternatives(response[span[0] : span[1]]), numeric)
    if source == "\\boxed{} in answer block":  # every box in the last answer block
        start = response.rfind(ANSWER_OPEN) + len(ANSWER_OPEN)
        close = response.find(ANSWER_CLOSE, start)
        end = len(response) if close < 0 else close
    else:  # every box after the last </think> before the answer (or in the whole response)
        think_end = response.rfind(THINK_CLOSE, 0, span[0])
        start, end = (0 if think_end < 0 else think_end + len(THINK_CLOSE)), len(response)
    boxes = boxed_spans(response, start, end, outermost=True)  # nested ones are inside
    inside = (piece for s, e in boxes for piece in _alternatives(response[s:e]))
    # Between the boxes, bare values offer answers too ("4 or \\boxed{5}"); other words there
    # are commentary ("\\boxed{5}, since 3x = 15").
    gaps, previous = [], start
    for s, e in boxes:
        gaps.append(response[previous : s - len(_BOXED)])
        previous = e + 1
    gaps.append(response[previous:end])
    outside = (piece for piece in _split(";".join(gaps)) if _BARE_VALUE.fullmatch(piece))
    return _two_values(itertools.chain(inside, outside), numeric)


def _judge(
    response: str, ground_truth: str, span: tuple[int, int] | None, source: str
) -> tuple[float, str]:
    if not normalize_answer(ground_truth):
        return 0.0, "no ground truth to compare with"
    if span is None:
        if source == "none":
            return 0.0, (
                "no answer found: no <answer> block, no \\boxed{}, no 'answer is' or 'answer:'"
            )
        if source == "answer is":
            return 0.0, f"no number, $…$ or \\frac{{}}{{}} after {_phrase_quote(response)}"
        return 0.0, f"empty answer in the {source}"
    answer = response[span[0] : span[1]]
    where = f"from the {source}" if source != "answer is" else f"after {_phrase_quote(response)}"
    two = _hedge_in_response(response, ground_truth, span, source)
    if two is not None:
        return 0.0, (
            f"hedged: offers more than one final value ({_quote(two[0])} and "
            f"{_quote(two[1])}), which earns 0"
        )
    if _same_value(answer, ground_truth):  # the hedge check above covered the answer
        return 1.0, f"{_quote(answer)} {where} equals {_quote(ground_truth)}"
    return 0.0, f"{_quote(answer)} {where} does not equal {_quote(ground_truth)}"


# --- language consistency ----------------------------------------------------------------------

NONE, LATIN, CJK, OTHER, MARK = range(5)  # script classes of a code point
LATIN_RANGES = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF))
CJK_RANGES = (
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x2EBEF),  # extensions B-F
    (0x30000, 0x3134F),  # extension G
)


def script_of(char: str) -> int:
    """The class of one character: LATIN or OTHER letter, CJK ideograph, MARK, or NONE.

    Letters are Unicode category L*, marks M* (a mark continues the word before it, so "é"
    written as e + U+0301 stays one word); digits and punctuation are NONE.
    """
    code = ord(char)
    if any(lo <= code <= hi for lo, hi in CJK_RANGES):
        return CJK
    kind = unicodedata.category(char)[0]
    if kind == "M":
        return MARK
    if kind != "L":
        return NONE
    return LATIN if any(lo <= code <= hi for lo, hi in LATIN_RANGES) else OTHER


@functools.cache
def _bmp_scripts() -> np.ndarray:
    """script_of for every code point below U+10000 (built once, on first use: tens of ms)."""
    return np.frombuffer(bytes(script_of(chr(c)) for c in range(0x10000)), dtype=np.uint8)


def _scripts(codes: np.ndarray) -> np.ndarray:
    table = _bmp_scripts()
    out = table[np.minimum(codes, 0xFFFF)]
    astral = codes > 0xFFFF
    if astral.any():  # rare: classify each distinct astral code point once
        values, inverse = np.unique(codes[astral], return_inverse=True)
        classes = np.array([script_of(chr(int(v))) for v in values], dtype=np.uint8)
        out[astral] = classes[inverse]
    return out


# One-letter Latin words that are English words, not symbols.
ENGLISH_ONE_LETTER_WORDS = frozenset("aAI")
_ONE_LETTER_WORD_CODES = np.array(sorted(map(ord, ENGLISH_ONE_LETTER_WORDS)), dtype=np.uint32)


def _word_counts(text: str) -> dict[str, int]:
    """:func:`count_words` plus "symbols": the "en" words of one Latin letter (with any marks)
    other than a, A and I, such as the x of ``3x = 15``. One vectorised pass."""
    codes = _code_points(text)
    if len(codes) == 0:
        return {"en": 0, "zh": 0, "other": 0, "symbols": 0}
    scripts = _scripts(codes)
    # a mark takes the class of the last non-mark before it (NONE at the very start)
    owner = np.where(scripts == MARK, 0, np.arange(len(scripts)))
    np.maximum.accumulate(owner, out=owner)
    filled = np.where(scripts[owner] == MARK, NONE, scripts[owner])
    starts = np.concatenate(([True], filled[1:] != filled[:-1]))  # a run begins at 0 too
    # A Latin word is one letter when the next non-mark after its first letter is no Latin
    # letter: the word's first code point is a letter (a run never starts with a mark).
    latin_starts = np.flatnonzero(starts & (filled == LATIN))
    letters = np.flatnonzero(scripts != MARK)  # positions of every non-mark, in order
    following = np.searchsorted(letters, latin_starts, side="right")  # next non-mark's index
    next_latin = np.zeros(len(latin_starts), dtype=bool)
    inside = following < len(letters)
    next_latin[inside] = scripts[letters[following[inside]]] == LATIN
    one_letter = ~next_latin & ~np.isin(codes[latin_starts], _ONE_LETTER_WORD_CODES)
    return {
        "en": len(latin_starts),
        "zh": int(np.count_nonzero(scripts == CJK)),
        "other": int(np.count_nonzero(starts & (filled == OTHER))),
        "symbols": int(np.count_nonzero(one_letter)),
    }


def count_words(text: str) -> dict[str, int]:
    """Words by script, in one vectorised pass.

    "en": runs of Latin letters (A-Z, a-z and the accented Latin blocks); "zh": CJK
    ideographs, each one counted as a word (no segmenter: the papers name none); "other":
    runs of letters of any other script. Digits, punctuation and spaces separate words and are
    not words. A combining mark belongs to the word it follows.
    """
    counts = _word_counts(text)
    del counts["symbols"]
    return counts


def count_letter_symbols(text: str) -> int:
    """How many of the "en" words of :func:`count_words` are one Latin letter other than
    "a", "A" and "I" (with any combining marks): in a chain of thought these are math
    symbols (the x of ``3x = 15``, the n of ``n + 1``), not English words."""
    return _word_counts(text)["symbols"]


def chain_of_thought(response: str) -> tuple[int, int] | None:
    """``[start, end)`` of the chain of thought (the reasoning a model writes before its
    answer): inside the first ``<think>`` (to ``</think>`` or the end), or None without one."""
    t0 = response.find(THINK_OPEN)
    if t0 < 0:
        return None
    start = t0 + len(THINK_OPEN)
    t1 = response.find(THINK_CLOSE, start)
    return start, (len(response) if t1 < 0 else t1)


def language_reward(response: str, target_language: str) -> tuple[float, str]:
    """Language-consistency reward: the share of target-language words in the chain of thought.

    R1's rule (P-v1 §2.3.2; Nature eq. 7): Num(Words_target) / Num(Words), over the chain of
    thought, the ``<think>`` part. A response without one has no chain of thought to score: 0.
    English words are runs of Latin letters; in Chinese each CJK ideograph counts as one word
    (no word segmenter: the paper names none). A word of one Latin letter other than a, A and
    I (the x of ``3x = 15``) is a math symbol, not an English word, and is not counted (our
    choice, see :func:`count_letter_symbols`). "none" is R1-Zero, trained without this
    reward: it is off (0, and :func:`score_response` then totals out of 2). An unknown target
    language scores 0. A chain of thought with no words scores 0 (an empty one earns
    nothing).

    Parameters
    ----------
    response : the model's text.
    target_language : "en", "zh" or "none".
    """
    if target_language == "none":
        return 0.0, "off: R1-Zero was trained without a language reward, so none is scored"
    if target_language not in ("en", "zh"):
        return 0.0, f"unknown target language {_quote(target_language)}: use en, zh or none"
    cot = chain_of_thought(response)
    if cot is None:
        return 0.0, "no chain of thought to score: the response has no <think> block"
    counts = _word_counts(response[cot[0] : cot[1]])
    symbols = counts["symbols"]
    counts["en"] -= symbols
    total = counts["en"] + counts["zh"] + counts["other"]
    skipped = ""
    if symbols:
        plural = "s" if symbols > 1 else ""
        skipped = f"; {symbols:,} one-letter symbol{plural} such as x, not counted as words"
    if total == 0:
        return 0.0, f"no words in the chain of thought (<think>){skipped}"
    target = counts[target_language]
    name = (
        "English words"
        if target_language == "en"
        else "Chinese characters (1 word each, no segmenter)"
    )
    share = target / total
    return share, (
        f"{target:,} of {total:,} words in the <think> block are {name}: {share:.0%}{skipped}"
    )


# --- all together --------------------------------------------------------------------------


def score_response(
    response: str,
    ground_truth: str,
    target_language: str = "en",
    strict_format: bool = False,
) -> RewardResult:
    """All three rule-based rewards of one response, their sum and the extracted answer.

    Parameters
    ----------
    response : the model's text.
    ground_truth : the reference answer.
    target_language : "en", "zh" or "none" (R1-Zero: the language reward is off, the total is
        out of 2).
    strict_format : use open-r1's strict template (see :func:`format_reward`).

    Examples
    --------
    >>> r = score_response("<think>3x = 15, so x = 5.</think> <answer>5</answer>", "5")
    >>> r.format_reward, r.accuracy_reward, r.language_reward, r.extracted_answer
    (1.0, 1.0, 1.0, '5')
    """
    fmt, fmt_reason = format_reward(response, strict_format)
    span, source = locate_answer(response)
    acc, acc_reason = _judge(response, ground_truth, span, source)
    lang, lang_reason = language_reward(response, target_language)
    answer = "" if span is None else response[span[0] : span[1]]
    return RewardResult(
        format_reward=fmt,
        accuracy_reward=acc,
        language_reward=lang,
        total_reward=acc + fmt + lang,
        extracted_answer=answer,
        answer_span=span,
        reasons={"format": fmt_reason, "accuracy": acc_reason, "language": lang_reason},
        language_scored=target_language != "none",
    )


def utf16_span(text: str, span: tuple[int, int] | None) -> list[int]:
    """A code-point span as ``[start, end]`` in UTF-16 code units (JavaScript string indices),
    or ``[]`` for None. Characters outside the Basic Multilingual Plane count twice."""
    if span is None:
        return []
    start = len(text[: span[0]].encode("utf-16-le", "surrogatepass")) // 2
    length = len(text[span[0] : span[1]].encode("utf-16-le", "surrogatepass")) // 2
    return [start, start + length]
