"""A toy policy over whole reasoning paths, and what SFT and RL each do to it in one step.

The policy is a softmax over a handful of complete answers to "What is 17 × 23?" (fixed
logits: our own illustrative model, not a measurement). Each path is a short token sequence
ending in R1's answer block, so chapter 03's rule-based checker can score it.

The token-level model is induced exactly by the path policy through the prefix tree:

    p(y_t | y_<t) = Σ π(paths that start with y_≤t) / Σ π(paths that start with y_<t)

so the per-token cross-entropy along one path sums to −log π(path) (the product telescopes).

SFT ascends log π(human path): its gradient on the path logits is onehot(human) − π. RL
(GRPO with outcome rewards) samples a group, scores it, and ascends mean_i A_i·log π(path_i):
its gradient is mean_i A_i·(onehot(path_i) − π).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .grpo import group_advantages
from .policy import policy_gradient, sample_from_uniforms, softmax
from .rewards import accuracy_reward

PROMPT = "What is 17 × 23?"
GROUND_TRUTH = "391"


@dataclass(frozen=True)
class ReasoningPath:
    """One complete answer the toy policy can give.

    Attributes
    ----------
    name : a short label for charts ("human", "verify", ...).
    reasoning : the visible working, before the answer block.
    answer : the content of the answer block.
    """

    name: str
    reasoning: str
    answer: str

    @property
    def text(self) -> str:
        """The whole response, as the checker reads it: reasoning then ``<answer>…</answer>``."""
        return f"{self.reasoning} <answer>{self.answer}</answer>"


# The human trace comes first: it is SFT's only target. Our own toy set, illustrative.
PATHS: tuple[ReasoningPath, ...] = (
    ReasoningPath("human", "17×23 = 17×20 + 17×3 = 340 + 51 = 391", "391"),
    ReasoningPath("direct", "391", "391"),
    ReasoningPath("verify", "17×23 = 17×20 + 17×3 = 340 + 51 = 391. Check: 391 ÷ 17 = 23 ✓", "391"),
    ReasoningPath("wrong carry", "17×23 = 17×20 + 17×3 = 340 + 41 = 381", "381"),
    ReasoningPath("23×17", "23×17 = 20×17 + 3×17 = 340 + 51 = 391", "391"),
    ReasoningPath("wrong guess", "401", "401"),
)
HUMAN_PATH = 0

# Illustrative logits: the human decomposition is the single most likely path (the mode), the
# wrong carry is a common slip, and the other correct paths are less likely than the human one.
TOY_LOGITS: tuple[float, ...] = (1.0, 0.3, 0.1, 0.6, 0.3, -0.1)

# A token is a number, an XML-like tag, a word, or one other symbol, with any whitespace before
# it attached (so joining the tokens gives the text back). No alternative can backtrack.
_TOKEN = re.compile(r"\s*(?:<[^<>\s]{0,32}>|\d+|[^\W\d_]+|\S)")


def tokenize(text: str) -> list[str]:
    """Split text into this toy's tokens: numbers, tags, words and single symbols.

    Leading whitespace stays with the token that follows it, so ``"".join(tokenize(t)) == t``
    for any text without trailing whitespace.

    >>> tokenize("340 + 51 = 391")
    ['340', ' +', ' 51', ' =', ' 391']
    """
    return _TOKEN.findall(text)


def path_tokens(paths: Sequence[ReasoningPath] = PATHS) -> list[list[str]]:
    """The token sequence of each path (of its whole response text)."""
    return [tokenize(p.text) for p in paths]


def check_prefix_free(sequences: Sequence[Sequence[str]]) -> None:
    """Raise ValueError unless the sequences are distinct and none is a prefix of another.

    Then every sequence ends at a leaf of the prefix tree and no end-of-sequence token is
    needed for the token-level model to be a distribution over exactly these sequences.
    """
    for i, a in enumerate(sequences):
        if not a:
            raise ValueError(f"path {i} has no tokens")
        for j, b in enumerate(sequences):
            if i != j and len(a) <= len(b) and list(b[: len(a)]) == list(a):
                raise ValueError(f"path {i} is a prefix of path {j} (or equal to it)")


def next_token_distribution(
    sequences: Sequence[Sequence[str]], probs: ArrayLike, prefix: Sequence[str]
) -> dict[str, float]:
    """p(next token | prefix) induced by the path probabilities through the prefix tree.

    Parameters
    ----------
    sequences : the token sequence of each path (prefix-free).
    probs : π, one probability per path.
    prefix : the tokens so far; some path must start with it and continue after it.

    Returns
    -------
    token → probability, over the tokens that continue ``prefix`` in some path, in the order
    they first appear among the paths. The values sum to 1.
    """
    p = np.asarray(probs, dtype=float)
    n = len(prefix)
    mass: dict[str, float] = {}
    for seq, pi in zip(sequences, p, strict=True):
        if len(seq) > n and list(seq[:n]) == list(prefix):
            mass[seq[n]] = mass.get(seq[n], 0.0) + float(pi)
    total = sum(mass.values())
    if not mass or total <= 0.0:
        raise ValueError("no path with positive probability continues this prefix")
    return {tok: m / total for tok, m in mass.items()}


@dataclass(frozen=True)
class TokenTrace:
    """The per-token view of one path under the induced token-level model.

    Attributes
    ----------
    tokens : the path's tokens.
    probabilities : p(y_t | y_<t) for each token.
    losses : −log p(y_t | y_<t), nats (the SFT cross-entropy per token).
    alternatives : per position, the other tokens the model could emit there and their
        probabilities (empty where the path has no competitor).
    """

    tokens: list[str]
    probabilities: NDArray[np.float64]
    losses: NDArray[np.float64]
    alternatives: list[list[tuple[str, float]]]

    @property
    def total_loss(self) -> float:
        """Σ_t −log p(y_t | y_<t), nats; equals −log π(path)."""
        return float(self.losses.sum())


def token_trace(sequences: Sequence[Sequence[str]], probs: ArrayLike, index: int) -> TokenTrace:
    """Next-token probabilities, losses and competitors along path ``index``."""
    check_prefix_free(sequences)
    seq = list(sequences[index])
    token_p = np.empty(len(seq))
    alternatives: list[list[tuple[str, float]]] = []
    for t, tok in enumerate(seq):
        dist = next_token_distribution(sequences, probs, seq[:t])
        token_p[t] = dist[tok]
        alternatives.append([(other, q) for other, q in dist.items() if other != tok])
    with np.errstate(divide="ignore"):
        losses = -np.log(token_p) + 0.0  # + 0.0 turns −0.0 (p = 1) into 0.0
    return TokenTrace(seq, token_p, losses, alternatives)


def sft_gradient(probs: ArrayLike, target: int) -> NDArray[np.float64]:
    """Gradient of log π(target) with respect to the path logits: onehot(target) − π."""
    p = np.asarray(probs, dtype=float)
    grad = -p.copy()
    grad[target] += 1.0
    return grad


def step_probabilities(
    logits: ArrayLike, gradient: ArrayLike, learning_rate: float
) -> NDArray[np.float64]:
    """π after one gradient-ascent step on the logits: softmax(logits + η·gradient)."""
    z = np.asarray(logits, dtype=float) + learning_rate * np.asarray(gradient, dtype=float)
    return softmax(z)


def path_rewards(
    paths: Sequence[ReasoningPath] = PATHS, ground_truth: str = GROUND_TRUTH
) -> tuple[NDArray[np.float64], list[str]]:
    """Chapter 03's accuracy reward (1 or 0) of each path's response, and the checker's reason."""
    scored = [accuracy_reward(p.text, ground_truth) for p in paths]
    return np.array([r for r, _ in scored]), [why for _, why in scored]


def sample_group(probs: ArrayLike, group_size: int, seed: int) -> NDArray[np.int64]:
    """Indices of ``group_size`` paths drawn from π with ``numpy.random.default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    return sample_from_uniforms(probs, rng.random(group_size))


@dataclass(frozen=True)
class RLGroup:
    """One GRPO group on the toy policy.

    Attributes
    ----------
    chosen : the sampled path of each rollout.
    rewards : its accuracy reward (1 or 0).
    advantages : (r − mean) / population std, zero for an all-equal group.
    gradient : mean_i A_i·(onehot(chosen_i) − π) on the path logits.
    counts : how many times each path was sampled.
    """

    chosen: NDArray[np.int64]
    rewards: NDArray[np.float64]
    advantages: NDArray[np.float64]
    gradient: NDArray[np.float64]
    counts: NDArray[np.int64]


def rl_group(probs: ArrayLike, path_reward: ArrayLike, group_size: int, seed: int) -> RLGroup:
    """Sample a group, reward it, compute its advantages and its policy gradient.

    Parameters
    ----------
    probs : π over the paths.
    path_reward : the reward of each path (a rollout's reward is its path's).
    group_size : G, the number of rollouts.
    seed : seeds ``numpy.random.default_rng``; the same seed gives the same group.
    """
    p = np.asarray(probs, dtype=float)
    chosen = sample_group(p, group_size, seed)
    rewards = np.asarray(path_reward, dtype=float)[chosen]
    _, _, adv = group_advantages(rewards, "population")
    grad = policy_gradient(p, chosen, adv)
    counts = np.bincount(chosen, minlength=p.size)
    return RLGroup(chosen, rewards, adv, grad, counts)


def _names(names: Sequence[str], idx: Sequence[int]) -> str:
    return ", ".join(names[i] for i in idx)


def describe_step(
    mode: str,
    names: Sequence[str],
    rewards: ArrayLike,
    before: ArrayLike,
    after: ArrayLike,
    counts: ArrayLike | None = None,
    advantages: ArrayLike | None = None,
    target: int = HUMAN_PATH,
) -> str:
    """One plain sentence (or two) on what one step of ``mode`` ("sft" or "rl") did to π.

    Every claim in the sentence is read off the numbers given, so it stays true for any input.
    """
    r = np.asarray(rewards, dtype=float)
    p0, p1 = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    up = [i for i in range(p0.size) if p1[i] > p0[i]]
    down = [i for i in range(p0.size) if p1[i] < p0[i]]
    if mode == "sft":
        others_correct = sum(1 for i in down if r[i] > 0 and i != target)
        text = (
            f"One SFT step moved {names[target]} from {100 * p0[target]:.1f}% to "
            f"{100 * p1[target]:.1f}%. "
        )
        others = p0.size - 1
        if up == [target]:
            fell = "All" if len(down) == others else f"{len(down)} of the"
            text += f"{fell} {others} other paths fell"
        else:
            text += f"Also up: {_names(names, [i for i in up if i != target]) or 'none'}"
        return text + f", {others_correct} of them correct answers."
    if mode != "rl":
        raise ValueError(f"mode must be 'sft' or 'rl', not {mode!r}")
    n = np.asarray(counts, dtype=int)
    adv = np.asarray(advantages, dtype=float)
    if not np.any(adv):
        return (
            f"All {int(n.sum())} rollouts got the same reward, so every advantage is 0 and this "
            "group teaches nothing. Resample."
        )
    good = [i for i in range(n.size) if n[i] > 0 and r[i] > 0]
    bad = [i for i in range(n.size) if n[i] > 0 and r[i] <= 0]
    text = (
        f"One RL step raised the logits of the sampled correct paths ({_names(names, good)}) "
        f"and lowered the sampled wrong ones ({_names(names, bad) or 'none'}). Paths not "
        "sampled keep their logits; their probabilities move only through the softmax."
    )
    fell = [i for i in good if p1[i] < p0[i]]
    if fell:
        text += (
            f" {_names(names, fell)}: sampled and correct, yet less likely now, because a correct "
            "path sampled more often took a bigger share of the gain."
        )
    return text
