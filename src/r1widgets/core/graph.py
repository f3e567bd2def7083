"""Chapter 08's dependency graph: the twelve components of the DeepSeek-R1 system and what each
is built from, with the transitive upstream and downstream of any component.

An edge ``(a, b)`` reads "b is built using a" (a feeds b). Each edge carries the reason and the
section of the paper it rests on (paper-data §3.8 for the pipeline, §3.6 for distillation).

A simplification, named in the view: the pipeline runs some processes more than once (an SFT
pass in stage 1, stage 3 and distillation; the GRPO loop for R1-Zero and in R1's stages 2 and
4), but the map has one node per process. Its edges say what each component is built from, not
the order of every step, so the graph has no cycle and "upstream of X" means exactly "X could
not exist without it". One consequence: no edge runs from SFT to GRPO, although R1's stage-2
RL starts from the stage-1 fine-tune; with one node per process that edge would close a loop
(GRPO → R1-Zero → cold-start data → SFT → GRPO). Things the paper uses that are not among the
twelve (the ~200k non-reasoning samples from DeepSeek-V3's own SFT pipeline, the learned reward
models of stage 4, the Qwen and Llama base models of the distilled models) are named in the
node details.

The graph functions (:func:`upstream`, :func:`downstream`, :func:`topological_order`) work on
any edge list; breadth-first search, linear in nodes plus edges.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import paper

GROUPS = ("input", "process", "output")


@dataclass(frozen=True)
class Fact:
    """One line of a node's details: our words, the source, and the published value it shows
    (None when the line states a fact from the paper but no number)."""

    text: str
    source: str
    value: object = None


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    group: str  # one of GROUPS
    row: int  # 0..3: its place in its group's column of the drawing
    summary: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Edge:
    source: str  # the component that feeds ...
    target: str  # ... this one
    why: str
    cite: str


def _fact(text: str, sourced: paper.Sourced) -> Fact:
    return Fact(text, sourced.source, sourced.value)


_P = paper.SYSTEM_MAP
_V3_TOTAL, _V3_ACTIVE = _P["v3_total_params_b"], _P["v3_active_params_b"]
_REASONING, _GENERAL, _TOTAL = (
    _P["reasoning_samples"],
    _P["non_reasoning_samples"],
    _P["sft_samples"],
)
_EPOCHS, _COLD = _P["sft_epochs"], _P["cold_start_amount"]
_SMALLEST, _LARGEST, _N_DISTILLED = (
    _P["distill_smallest_b"],
    _P["distill_largest_b"],
    _P["distill_models"],
)
_GROUP, _ZERO_STEPS = paper.R1_ZERO_RL["group_size"], paper.R1_ZERO_RL["steps"]


def _b(x: object) -> str:
    return f"{x:g}B" if isinstance(x, float) else f"{x}B"


NODES: tuple[Node, ...] = (
    # inputs
    Node(
        "ground_truth",
        "Ground-truth answers",
        "input",
        0,
        "The known final answers to the practice questions (for code, test cases that a compiler "
        "runs). The rules compare the model's answer with them; nothing learned is involved.",
        (
            Fact(
                "The accuracy rule checks the final answer against the known one; for coding "
                "problems a compiler runs predefined test cases.",
                "P-v1 §2.2.2 (Reward modeling)",
            ),
            Fact(
                "Rejection sampling also uses them: some samples were judged by DeepSeek-V3, "
                "given the ground truth and the model's prediction.",
                "P-v1 §2.3.3",
            ),
        ),
    ),
    Node(
        "prompts",
        "Prompts",
        "input",
        1,
        "The questions the model practises on: math, code, science and logic problems whose "
        "answers a program can check (R1's last RL stage adds general prompts).",
        (
            Fact(
                "Reasoning RL uses problems with checkable answers: math, coding, science, logic.",
                "P-v1 §2.2, §2.3.2",
            ),
            Fact(
                "Rejection sampling answers reasoning prompts several times and keeps the good "
                "answers.",
                "P-v1 §2.3.3",
            ),
        ),
    ),
    Node(
        "v3_base",
        "DeepSeek-V3-Base",
        "input",
        2,
        "The pretrained base model R1-Zero and R1 start from (the distilled models start from "
        "Qwen and Llama bases instead): a mixture-of-experts network trained to continue text, "
        "before any instruction tuning or RL.",
        (
            _fact(f"{_b(_V3_TOTAL.value)} parameters in total (mixture of experts).", _V3_TOTAL),
            _fact(f"{_b(_V3_ACTIVE.value)} of them are active for each token.", _V3_ACTIVE),
            Fact(
                "R1-Zero's RL starts from it directly; R1's stage 1 fine-tunes it, and stage 3 "
                "fine-tunes V3-Base again rather than the RL checkpoint.",
                "P-v1 §2.2, §2.3.1, §2.3.3",
            ),
        ),
    ),
    Node(
        "cold_start",
        "Cold-start data",
        "input",
        3,
        "A small set of long, readable worked answers used to fine-tune V3-Base before R1's RL, "
        "so the RL starts from a model that already writes its reasoning readably.",
        (
            _fact(f"Size: {_COLD.value} of examples (the paper gives no exact count).", _COLD),
            Fact(
                "Collected by few-shot prompting with long chains of thought, by asking for "
                "detailed answers with reflection and checking, and from R1-Zero's outputs "
                "rewritten readably, then refined by people.",
                "P-v1 §2.3.1",
            ),
            Fact(
                "An input in the article's map, but partly made from R1-Zero's output: the "
                "map draws that edge.",
                "P-v1 §2.3.1",
            ),
        ),
    ),
    # process
    Node(
        "rule_reward",
        "Rule-based reward",
        "process",
        0,
        "Checks a program runs, not a learned model: accuracy (does the final answer match the "
        "known one?) and format (is the reasoning inside <think> tags?). R1 adds a "
        "language-consistency reward (chapters 03 and 13).",
        (
            Fact(
                "R1-Zero: accuracy and format rewards only, no neural reward model.",
                "P-v1 §2.2.2",
            ),
            Fact(
                "R1's stage 2 adds a reward for keeping the reasoning in the target language.",
                "P-v1 §2.3.2",
            ),
            Fact(
                "Not on the map: in stage 4, learned reward models judge general prompts "
                "(helpfulness, harmlessness); reasoning prompts keep the rules.",
                "P-v1 §2.3.4",
            ),
        ),
    ),
    Node(
        "grpo",
        "GRPO loop",
        "process",
        1,
        "Group Relative Policy Optimization: for each prompt, sample a group of answers, score "
        "them, and make the ones that beat the group's average more likely (chapters 02 and 09).",
        (
            _fact(f"{_GROUP.value} answers sampled per prompt.", _GROUP),
            Fact(
                "Runs three times in the whole system: R1-Zero's RL, R1's stage 2 (reasoning) and "
                "stage 4 (all scenarios). The map shows it once.",
                "P-v1 §2.2, §2.3.2, §2.3.4",
            ),
        ),
    ),
    Node(
        "rejection_sampling",
        "Rejection sampling",
        "process",
        2,
        "Generate several answers per prompt with a trained checkpoint and keep only those that "
        "pass the checks; the rest are rejected. Here the checkpoint is the end of R1's stage 2.",
        (
            _fact(
                f"About {_REASONING.value:,} reasoning samples kept, from the stage-2 checkpoint.",
                _REASONING,
            ),
            Fact(
                "Kept only correct answers; dropped chains of thought that mix languages, run "
                "as long paragraphs or hold code blocks.",
                "P-v1 §2.3.3",
            ),
        ),
    ),
    Node(
        "sft",
        "SFT pass",
        "process",
        3,
        "Supervised fine-tuning (SFT): train a model to reproduce given answers token by token "
        "(cross-entropy on each token), as in chapter 01.",
        (
            Fact("Stage 1: V3-Base on the cold-start data.", "P-v1 §2.3.1"),
            _fact(
                "Stage 3: V3-Base again (not the RL checkpoint) on the training set, for "
                f"{_EPOCHS.value} epochs.",
                _EPOCHS,
            ),
            Fact(
                "Distillation: Qwen and Llama models on the same samples, SFT only, no RL.",
                "P-v1 §2.4",
            ),
        ),
    ),
    # outputs
    Node(
        "r1_zero",
        "DeepSeek-R1-Zero",
        "output",
        0,
        "V3-Base trained by RL alone, graded only by rules, with no supervised step first. It "
        "learned to reason at length but wrote poorly: hard to read, mixing languages.",
        (
            _fact(f"{_ZERO_STEPS.value:,} RL steps in the full run.", _ZERO_STEPS),
            Fact(
                "Some of its outputs, rewritten readably, became R1's cold-start data.",
                "P-v1 §2.3.1",
            ),
        ),
    ),
    Node(
        "r1",
        "DeepSeek-R1",
        "output",
        1,
        "The released reasoning model: cold-start SFT, reasoning RL, rejection sampling and a "
        "second SFT from V3-Base, then RL for all scenarios.",
        (
            Fact(
                "Four stages: cold start, reasoning RL, rejection sampling + SFT, RL for all "
                "scenarios (chapter 05).",
                "P-v1 §2.3",
            ),
        ),
    ),
    Node(
        "sft_800k",
        f"{_TOTAL.value // 1000}k training set",
        "output",
        2,
        "The supervised data of R1's stage 3, reused to distill small models: reasoning "
        "samples from rejection sampling plus general, non-reasoning samples.",
        (
            _fact(f"About {_TOTAL.value:,} samples in total.", _TOTAL),
            _fact(f"About {_REASONING.value:,} reasoning samples.", _REASONING),
            _fact(
                f"About {_GENERAL.value:,} non-reasoning samples (writing, factual questions, "
                "self-cognition, translation), from DeepSeek-V3's own SFT pipeline: not on "
                "the map.",
                _GENERAL,
            ),
        ),
    ),
    Node(
        "r1_distill",
        f"R1-Distill ({_b(_SMALLEST.value)}–{_b(_LARGEST.value)})",
        "output",
        3,
        "Smaller open models (Qwen2.5 and Llama bases, not on the map) fine-tuned on the same "
        "samples as R1's stage 3: SFT only, no RL (chapter 06).",
        (
            _fact(f"{_N_DISTILLED.value} distilled models.", _N_DISTILLED),
            _fact(f"The smallest has {_b(_SMALLEST.value)} parameters.", _SMALLEST),
            _fact(f"The largest has {_b(_LARGEST.value)} parameters.", _LARGEST),
            Fact(
                "The paper calls the samples 'curated with DeepSeek-R1' and points to §2.3.3, "
                "where they come from the stage-2 checkpoint: so the map draws them from the "
                "training set, not from the finished R1.",
                "P-v1 §2.4, §2.3.3",
            ),
        ),
    ),
)

EDGES: tuple[Edge, ...] = (
    Edge(
        "ground_truth",
        "rule_reward",
        "the accuracy rule compares with the known answer",
        "P-v1 §2.2.2",
    ),
    Edge("prompts", "grpo", "GRPO samples its groups of answers for these prompts", "P-v1 §2.2"),
    Edge("rule_reward", "grpo", "the rules score every answer in the group", "P-v1 §2.2.2"),
    Edge("v3_base", "grpo", "R1-Zero's RL starts from V3-Base", "P-v1 §2.2"),
    Edge("grpo", "r1_zero", "R1-Zero is V3-Base after the RL loop", "P-v1 §2.2"),
    Edge(
        "r1_zero",
        "cold_start",
        "part of the cold-start data are R1-Zero outputs, made readable",
        "P-v1 §2.3.1",
    ),
    Edge("v3_base", "sft", "stages 1 and 3 fine-tune V3-Base", "P-v1 §2.3.1, §2.3.3"),
    Edge("cold_start", "sft", "stage 1 fine-tunes on the cold-start data", "P-v1 §2.3.1"),
    Edge(
        "sft",
        "rejection_sampling",
        "the sampled checkpoint began as stage 1's fine-tune",
        "P-v1 §2.3.2, §2.3.3",
    ),
    Edge(
        "grpo",
        "rejection_sampling",
        "the sampled checkpoint is the end of stage 2's RL",
        "P-v1 §2.3.3",
    ),
    Edge(
        "prompts",
        "rejection_sampling",
        "reasoning prompts are answered several times",
        "P-v1 §2.3.3",
    ),
    Edge("ground_truth", "rejection_sampling", "only correct answers are kept", "P-v1 §2.3.3"),
    Edge("rejection_sampling", "sft_800k", "the kept reasoning samples", "P-v1 §2.3.3"),
    Edge("sft_800k", "r1", "stage 3 fine-tunes V3-Base on these samples", "P-v1 §2.3.3"),
    Edge("sft", "r1", "R1 has two SFT passes, stages 1 and 3", "P-v1 §2.3.1, §2.3.3"),
    Edge("grpo", "r1", "stages 2 and 4 are RL", "P-v1 §2.3.2, §2.3.4"),
    Edge("sft_800k", "r1_distill", "the distilled models learn from the same samples", "P-v1 §2.4"),
    Edge("sft", "r1_distill", "distillation is SFT only, no RL", "P-v1 §2.4"),
)

NODE_IDS: tuple[str, ...] = tuple(n.id for n in NODES)
BY_ID: dict[str, Node] = {n.id: n for n in NODES}
PAIRS: tuple[tuple[str, str], ...] = tuple((e.source, e.target) for e in EDGES)


# --- graph functions ------------------------------------------------------------------------


def _reach(start: str, step: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    queue = deque(step.get(start, ()))
    while queue:
        node = queue.popleft()
        if node not in seen:
            seen.add(node)
            queue.extend(step.get(node, ()))
    seen.discard(start)
    return seen


def _adjacency(pairs: Iterable[tuple[str, str]], reverse: bool) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a, b in pairs:
        if reverse:
            a, b = b, a
        out.setdefault(a, []).append(b)
    return out


def upstream(node: str, pairs: Sequence[tuple[str, str]] = PAIRS) -> set[str]:
    """Every node ``node`` is built from, directly or through others (``node`` excluded)."""
    return _reach(node, _adjacency(pairs, reverse=True))


def downstream(node: str, pairs: Sequence[tuple[str, str]] = PAIRS) -> set[str]:
    """Every node built from ``node``, directly or through others (``node`` excluded)."""
    return _reach(node, _adjacency(pairs, reverse=False))


def topological_order(nodes: Sequence[str], pairs: Sequence[tuple[str, str]]) -> list[str]:
    """The nodes with every edge pointing forward (Kahn's algorithm, ties in ``nodes`` order).
    Raises ValueError when the edges form a cycle."""
    indegree = {n: 0 for n in nodes}
    for _, b in pairs:
        indegree[b] += 1
    forward = _adjacency(pairs, reverse=False)
    ready = deque(n for n in nodes if indegree[n] == 0)
    order: list[str] = []
    while ready:
        n = ready.popleft()
        order.append(n)
        for m in forward.get(n, ()):
            indegree[m] -= 1
            if indegree[m] == 0:
                ready.append(m)
    if len(order) != len(nodes):
        raise ValueError(f"the edges form a cycle among {sorted(set(nodes) - set(order))}")
    return order


def in_map_order(ids: Iterable[str]) -> list[str]:
    """Node ids sorted as :data:`NODES` lists them (inputs, process, outputs)."""
    wanted = set(ids)
    return [n for n in NODE_IDS if n in wanted]
