"""The closing quiz: eight multiple-choice questions on the R1 paper, with pure functions that
shuffle the options by seed, check an answer and count a score.

The questions follow the topics of the quiz at the end of the seed article (the web article
this course was built from); every stem, option and explanation is our own wording, and each
correct option is true by the paper (paper-data.md). Where the seed article overclaims, the
explanation says what the paper shows instead (R1 against R1-Zero, the "aha moment", the KL
weight). Every published number in the texts is read from :mod:`r1widgets.paper`, and each
question lists those values with their sources as ``facts``.

An *order* is how one question's options are shown: ``order[k]`` is the bank index of the
option shown in place ``k``, where bank index 0 is the correct option and 1 to 3 are the
distractors. Answers are places in the shown order, −1 for unanswered.

Option lengths overlap: the correct option is no longer than the distractors as a rule, so
"always pick the longest" is no strategy (tests/core/test_quiz_core.py checks it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import paper

N_OPTIONS = 4
UNANSWERED = -1


@dataclass(frozen=True)
class Fact:
    """A published value a question's explanation relies on, with how it is written there."""

    label: str
    sourced: paper.Sourced
    text: str


@dataclass(frozen=True)
class Question:
    """One question: the correct option first in the bank, then three clearly false ones."""

    id: str
    stem: str
    correct: str
    distractors: tuple[str, str, str]
    explanation: str
    revisit: int  # the registry number of the chapter to revisit
    facts: tuple[Fact, ...] = ()

    @property
    def options(self) -> tuple[str, ...]:
        """The options in bank order: the correct one at index 0."""
        return (self.correct, *self.distractors)


# --- the published values the texts use (read from paper.py, never typed here) -------------

_T2 = paper.NATURE_TABLE_2
_PIPE = paper.R1_PIPELINE
_ZERO = paper.R1_ZERO_NATURE_RUN
_LENGTH = paper.R1_ZERO_RESPONSE_LENGTH_POINTS
_WAIT = paper.R1_ZERO_WAIT_STEPS


def _pct(share: object) -> str:
    return f"{100 * float(share):.1f}%"  # type: ignore[arg-type]


def _k(count: object) -> str:
    return f"{int(count) // 1000:,}k"  # type: ignore[call-overload]


def _tally() -> tuple[int, int, int]:
    """Of Nature Table 2's benchmarks: how many R1 leads, how many R1-Zero leads, how many."""
    pairs = [(row["r1"].value, row["r1_zero"].value) for row in _T2.values()]
    r1_ahead = sum(r1 > zero for r1, zero in pairs)  # type: ignore[operator]
    zero_ahead = sum(zero > r1 for r1, zero in pairs)  # type: ignore[operator]
    return r1_ahead, zero_ahead, len(pairs)


def _row(bench: str, ckpt: str) -> Fact:
    name = paper.NATURE_TABLE_2_BENCHMARKS[bench]
    who = paper.NATURE_TABLE_2_CHECKPOINTS[ckpt]
    s = _T2[bench][ckpt]
    return Fact(f"{name}, {who}", s, f"{s.value}")


def _fact(label: str, sourced: paper.Sourced, text: str | None = None) -> Fact:
    return Fact(label, sourced, str(sourced.value) if text is None else text)


def _thousands(sourced: paper.Sourced) -> str:
    return f"{sourced.value:,}"


def _about_k(sourced: paper.Sourced) -> str:
    return f"about {_k(sourced.value)}"


_BETA_ZERO = _fact("R1-Zero KL coefficient β", paper.R1_ZERO_RL["kl_beta"])
_BETA_R1 = _fact("R1 first RL stage KL coefficient β", paper.R1_FIRST_RL_STAGE["kl_beta"])
_BETA_DSM = _fact("DeepSeekMath KL coefficient β", paper.DEEPSEEKMATH_GRPO["kl_beta"])
_RESET = _fact("reference model reset every (steps)", paper.R1_REFERENCE_RESET_STEPS)
_GROUP = _fact("R1-Zero answers sampled per question (G)", paper.R1_ZERO_RL["group_size"])
_STEPS = _fact("R1-Zero RL steps", paper.R1_ZERO_RL["steps"], _thousands(paper.R1_ZERO_RL["steps"]))
_AHA = _fact("R1-Zero's aha moment, quoted", paper.R1_ZERO_AHA_QUOTE)
_WAIT_FROM = _fact(
    "'wait' sporadic from step", _WAIT["sporadic_from"], _thousands(_WAIT["sporadic_from"])
)
_WAIT_TO = _fact(
    "'wait' sporadic until step", _WAIT["sporadic_to"], _thousands(_WAIT["sporadic_to"])
)
_WAIT_OFTEN = _fact(
    "'wait' frequent after step", _WAIT["frequent_from"], _thousands(_WAIT["frequent_from"])
)
_TOTAL = _fact("DeepSeek-V3 parameters in total", _PIPE["v3_total_params_b"])
_ACTIVE = _fact("DeepSeek-V3 parameters active per token", _PIPE["v3_active_params_b"])
_COLD = _fact("cold-start data", _PIPE["cold_start_amount"])
_SFT = _fact("stage-3 samples in total", _PIPE["sft_samples"], _about_k(_PIPE["sft_samples"]))
_REASONING = _fact(
    "stage-3 reasoning samples",
    _PIPE["reasoning_samples"],
    _about_k(_PIPE["reasoning_samples"]),
)
_NON_REASONING = _fact(
    "stage-3 non-reasoning samples",
    _PIPE["non_reasoning_samples"],
    _about_k(_PIPE["non_reasoning_samples"]),
)
_EPOCHS = _fact("stage-3 epochs", _PIPE["sft_epochs"])
_PASS = _fact(
    "R1-Zero AIME 2024 pass@1, full run", _ZERO["pass_at_1"], _pct(_ZERO["pass_at_1"].value)
)
_VOTE = _fact(
    "R1-Zero AIME 2024 majority vote of 16", _ZERO["cons_at_16"], _pct(_ZERO["cons_at_16"].value)
)
_V1_PASS = _fact(
    "R1-Zero AIME 2024 pass@1, arXiv v1 run",
    paper.R1_ZERO_V1_TABLE_2["aime_2024"],
    f"{paper.R1_ZERO_V1_TABLE_2['aime_2024'].value:.1f}%",
)
_V1_VOTE = _fact(
    "R1-Zero AIME 2024 majority vote of 64, arXiv v1 run",
    paper.INFERENCE_SCALING["r1_zero_cons_at_64"],
    f"{paper.INFERENCE_SCALING['r1_zero_cons_at_64'].value:.1f}%",
)
_LEN_FIRST = _fact(
    "R1-Zero average response length (step, tokens), first point",
    _LENGTH[0],
    f"{_LENGTH[0].value[1]:,} tokens at step {_LENGTH[0].value[0]:,}",
)
_LEN_LAST = _fact(
    "R1-Zero average response length (step, tokens), last point",
    _LENGTH[-1],
    f"{_LENGTH[-1].value[1]:,} tokens at step {_LENGTH[-1].value[0]:,}",
)
_SHARE = 100 * _ACTIVE.sourced.value / _TOTAL.sourced.value  # type: ignore[operator]
_R1_AHEAD, _ZERO_AHEAD, _BENCHES = _tally()
_AIME_ZERO, _AIME_R1 = _row("aime_2024", "r1_zero"), _row("aime_2024", "r1")
_GPQA_ZERO, _GPQA_R1 = _row("gpqa_diamond", "r1_zero"), _row("gpqa_diamond", "r1")
_CNMO_ZERO, _CNMO_R1 = _row("cnmo_2024", "r1_zero"), _row("cnmo_2024", "r1")

# --- the bank ------------------------------------------------------------------------------

QUESTIONS: tuple[Question, ...] = (
    Question(
        id="r1_zero",
        stem="What did DeepSeek-R1-Zero show?",
        correct=(
            "That a base model can learn to reason at length from RL alone, rewarded only by "
            "rules that check its final answer and its format."
        ),
        distractors=(
            "That reasoning can only be learned by first copying thousands of chains of "
            "thought written by people, so RL must always follow a large supervised stage.",
            "That a dense model with no mixture-of-experts layers beats every rival once it "
            "has seen enough training tokens, whatever way it is trained.",
            "That a learned reward model grading every reasoning step is the one way to teach "
            "a model to reason, since rules cannot judge a final answer.",
        ),
        explanation=(
            "R1-Zero went straight from DeepSeek-V3-Base to reinforcement learning (RL) with "
            "GRPO, skipping supervised fine-tuning (SFT: training a model to copy given "
            "answers). Its rewards were two rules: is the final answer right, and is the "
            f"reasoning inside <think> tags. Over {_STEPS.text} RL steps its AIME 2024 pass@1 "
            "(the share of problems solved, averaged over sampled answers) rose to "
            f"{_PASS.text} in the Nature paper's full run. Its reasoning was hard to read and "
            "mixed languages, which is what R1 set out to fix."
        ),
        revisit=1,
        facts=(_STEPS, _PASS),
    ),
    Question(
        id="grpo_critic",
        stem=(
            "PPO trains a value model (a critic) beside the policy; GRPO trains none. What "
            "does GRPO use in its place?"
        ),
        correct=(
            "The other answers to the same prompt: an answer's advantage is its reward minus "
            "the group's mean, over the group's standard deviation."
        ),
        distractors=(
            "Nothing: GRPO feeds each raw reward straight into the policy update, with no "
            "baseline of any kind to compare it against.",
            "It updates only the last token of each answer, where the reward arrives, so no "
            "value estimate is needed for any of the tokens before it.",
            "A second language model, trained alongside the policy, that reads each unfinished "
            "answer and predicts the reward it will end up with.",
        ),
        explanation=(
            "In PPO (Proximal Policy Optimization) the advantage of an answer is its reward "
            "measured against a value model's forecast, and that value model is a second "
            "network to train. GRPO (Group Relative Policy Optimization, from DeepSeekMath) "
            "replaces the forecast with a measured baseline: how well the other samples for "
            "the same prompt did. Above the group's mean an answer is pushed up, below it "
            f"pushed down. R1-Zero sampled {_GROUP.text} answers per question. (A second model "
            "that predicts the reward of an unfinished answer, as one wrong option offers, is "
            "exactly the critic GRPO does without.)"
        ),
        revisit=2,
        facts=(_GROUP,),
    ),
    Question(
        id="aha",
        stem='What is the "aha moment" the R1 paper reports for R1-Zero?',
        correct=(
            "A reply from a mid-training R1-Zero checkpoint that breaks off, flags an aha "
            "moment in its own words and rethinks its approach."
        ),
        distractors=(
            "The first training step at which the loss fell below that of random guessing, "
            "the point where learning could visibly be said to begin.",
            "The step at which the KL penalty fell to zero and training stopped, because the "
            "policy had matched the reference model exactly.",
            "When the model began to typeset its answers in LaTeX, a habit of formatting the "
            "paper counts as a sign of insight.",
        ),
        explanation=(
            "The paper quotes an intermediate R1-Zero checkpoint breaking off mid-solution with "
            f'"{_AHA.text}" and then re-checking its work; no one wrote that behaviour in, and '
            "the reward only judged final answers and format. The Nature version counts "
            "reflective words such as 'wait' over training: almost absent at first, sporadic "
            f"between steps {_WAIT_FROM.text} and {_WAIT_TO.text}, much more frequent after "
            f"step {_WAIT_OFTEN.text}. Later studies (Liu et al., 2025; Sea AI Lab's oat-zero) "
            "found such self-reflection in base models before any RL, so read it as RL making "
            "re-checking more frequent, not as its first appearance."
        ),
        revisit=4,
        facts=(_AHA, _WAIT_FROM, _WAIT_TO, _WAIT_OFTEN),
    ),
    Question(
        id="r1_vs_zero",
        stem="How does DeepSeek-R1 differ from DeepSeek-R1-Zero?",
        correct=(
            "R1-Zero is RL alone; R1 came from a four-stage pipeline with SFT and a language "
            "reward, and it reads well and leads on most benchmarks, not all."
        ),
        distractors=(
            f"R1 is a smaller model distilled from R1-Zero, which kept all {_TOTAL.text}B "
            "parameters; R1 reads better because it has less room to wander.",
            "R1 dropped RL altogether and was trained only by copying R1-Zero's outputs, which "
            "made it readable but took away its reasoning.",
            "R1 graded each reasoning step with a learned process reward model, where R1-Zero "
            "used rules; the grades on every step are what made its traces tidy.",
        ),
        explanation=(
            "Both start from DeepSeek-V3-Base, and R1-Zero's reasoning was hard to read. R1 "
            "went through four stages where R1-Zero had one: a cold start on "
            f"{_COLD.text} of readable long examples; reasoning RL with a "
            f"reward for staying in one language; supervised fine-tuning on {_SFT.text} "
            "samples; and RL for helpfulness and harmlessness. Its reasoning RL still used "
            "rule-based rewards for maths, code and logic; no process reward model graded its "
            "steps. In Nature Table 2, R1 beats R1-Zero on "
            f"{_R1_AHEAD} of {_BENCHES} benchmarks (AIME 2024 {_AIME_R1.text} against "
            f"{_AIME_ZERO.text}), while R1-Zero is ahead on {_ZERO_AHEAD}, most clearly GPQA "
            f"Diamond ({_GPQA_ZERO.text} against {_GPQA_R1.text}) and CNMO 2024 "
            f"({_CNMO_ZERO.text} against {_CNMO_R1.text}). The seed article speaks of "
            "a small accuracy loss traded for readability; the table shows no such "
            "uniform cost."
        ),
        revisit=14,
        facts=(
            _TOTAL,
            _COLD,
            _SFT,
            _AIME_R1,
            _AIME_ZERO,
            _GPQA_ZERO,
            _GPQA_R1,
            _CNMO_ZERO,
            _CNMO_R1,
        ),
    ),
    Question(
        id="inference_scaling",
        stem='What does "inference-time scaling" mean for a reasoning model like R1?',
        correct=(
            "Better answers from the same trained weights by spending more compute while "
            "answering: longer reasoning, or a majority vote over samples."
        ),
        distractors=(
            "Storing the weights as 4-bit instead of 16-bit numbers when serving the model, "
            "which makes every answer it gives more accurate.",
            "Raising the sampling temperature as far as it will go, since more random answers "
            "are more often right on hard problems.",
            "Training a larger model on more data, so that all of the scaling is done before "
            "the model is ever asked a question.",
        ),
        explanation=(
            "Until recently, accuracy was bought mostly with compute spent before deployment: "
            "larger networks trained on larger corpora. Inference-time scaling spends compute "
            "on each question instead. "
            "R1-Zero learned during RL to "
            f"think longer: its average response grew from about {_LEN_FIRST.text} to about "
            f"{_LEN_LAST.text} (arXiv v1, Figure 3). Sampling 16 answers per problem and "
            "taking the most common final answer (a majority vote, cons@16) lifted its AIME "
            f"2024 score from {_PASS.text} to {_VOTE.text} (Nature). arXiv v1 Table 2 reports "
            f"the same {_V1_VOTE.text} as cons@64, from a pass@1 of {_V1_PASS.text} on its "
            "shorter run. The paper says R1 spends "
            "fewer tokens on easy problems and more on hard ones, but it publishes no curve of "
            "accuracy against a thinking budget: the curves in chapter 16 are illustrative."
        ),
        revisit=16,
        facts=(_LEN_FIRST, _LEN_LAST, _PASS, _VOTE, _V1_PASS, _V1_VOTE),
    ),
    Question(
        id="moe_params",
        stem=(
            f"DeepSeek-V3, the base of R1, has {_TOTAL.text}B parameters in total but about "
            f"{_ACTIVE.text}B active per token. What does that mean?"
        ),
        correct=(
            "It is a mixture-of-experts model: all parameters are stored and trained, but a "
            "router sends each token through only a few experts."
        ),
        distractors=(
            "The total is stored in 32-bit precision, and the active parameters are a 16-bit "
            "copy of all of them that is used for answering.",
            "The active parameters are the ones that changed in the last epoch of training; "
            "the rest were frozen much earlier and are never used.",
            "The active parameters are all parameters except the embedding table, which is "
            "kept aside and only looked up once at the start.",
        ),
        explanation=(
            "In a mixture-of-experts (MoE) layer, a small router scores the experts (separate "
            "feed-forward blocks) for each token and only the top few run; attention and a "
            f"shared expert run for every token. So each token uses about {_ACTIVE.text}B of "
            f"{_TOTAL.text}B parameters, {_SHARE:.1f}% of them (our division), which sets the "
            f"compute per token; yet every expert is trained, and all {_TOTAL.text}B must sit "
            "in memory to serve the model."
        ),
        revisit=15,
        facts=(_TOTAL, _ACTIVE),
    ),
    Question(
        id="kl_penalty",
        stem="What is the KL penalty in GRPO's objective there to hold back?",
        correct=(
            "The policy drifting far from a reference model while it chases reward: a "
            "weighted divergence is subtracted from the objective."
        ),
        distractors=(
            "Answers that are too short: it pays the policy a bonus for every extra token it "
            "writes, whatever that token happens to be.",
            "Rewards that are too sparse: it adds a small reward whenever an answer is wrong, "
            "so that every sampled answer earns something.",
            "Ties within a group: when two sampled answers earn exactly the same reward, it "
            "decides which of the two the update should favour.",
        ),
        explanation=(
            "KL divergence measures how far one probability distribution is from another. "
            "GRPO subtracts β times an estimate of the KL divergence between the policy and a "
            "reference model: a large β keeps the policy close, a β near zero leaves reward "
            f"alone in charge. R1-Zero used β = {_BETA_ZERO.text}, R1's first RL stage "
            f"{_BETA_R1.text}, and both replaced the reference with the current policy every "
            f"{_RESET.text} steps; DeepSeekMath used {_BETA_DSM.text}. In R1 the penalty was "
            "light and its anchor moved along with training. (The seed article calls "
            f"{_BETA_DSM.text} typical: that is DeepSeekMath's value, not R1's.)"
        ),
        revisit=11,
        facts=(_BETA_ZERO, _BETA_R1, _RESET, _BETA_DSM),
    ),
    Question(
        id="two_sft_stages",
        stem=(
            "R1's pipeline has two supervised fine-tuning (SFT) stages. How does the cold "
            "start (stage 1) differ from stage 3?"
        ),
        correct=(
            f"Stage 1 tunes DeepSeek-V3-Base on {_COLD.text} of readable long reasoning "
            f"examples before any RL; stage 3 tunes it afresh on {_SFT.text} samples."
        ),
        distractors=(
            "The cold start builds the model's vocabulary of tokens from scratch; only stage 3 "
            "changes the weights of the network itself.",
            "Stage 1 learns from people's preferences between pairs of answers; stage 3 learns "
            "from no data at all, only from rule rewards.",
            "Stage 1 starts from a randomly initialised model with no pre-training at all; "
            "stage 3 simply continues training the stage-2 RL checkpoint.",
        ),
        explanation=(
            f"Stage 3's {_SFT.text} samples were {_REASONING.text} reasoning answers "
            f"rejection-sampled from the stage-2 model and {_NON_REASONING.text} non-reasoning "
            "ones. Rejection sampling: generate several answers to each prompt and keep only those "
            "that pass a check. Here the kept ones were correct, with no mixed languages, long "
            "paragraphs or code blocks in their reasoning. The cold start gives RL a readable "
            "starting point and spares it the unstable first phase of RL begun from the base "
            "model. Stage 3 then starts over from the base model, not the RL model, and trains "
            f"for {_EPOCHS.text} epochs on reasoning data plus writing, factual questions, "
            "self-cognition and translation, so the model that comes out both reasons and "
            "handles general requests."
        ),
        revisit=5,
        facts=(_COLD, _REASONING, _NON_REASONING, _SFT, _EPOCHS),
    ),
)

N_QUESTIONS = len(QUESTIONS)


# --- pure functions ------------------------------------------------------------------------


def shuffle_orders(seed: int, n_questions: int = N_QUESTIONS) -> list[list[int]]:
    """The shown order of every question's options for ``seed``.

    The correct option's place is spread evenly: over the questions, each of the four places
    holds it as often as the others (twice each for eight questions), in an order drawn from
    the seed; the distractors fill the other places in a drawn order. So the correct option
    never sits in one place throughout, and always picking the same place scores a quarter.

    Parameters
    ----------
    seed
        Any non-negative integer; the same seed gives the same orders.
    n_questions
        How many orders to draw.

    Returns
    -------
    list of list of int
        ``orders[q][k]`` is the bank index of the option shown in place ``k`` of question
        ``q`` (bank index 0 is the correct option).
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    rng = np.random.default_rng(int(seed))
    places = rng.permutation(np.resize(np.arange(N_OPTIONS), n_questions))
    orders = []
    for place in places:
        distractors = [int(d) + 1 for d in rng.permutation(N_OPTIONS - 1)]
        distractors.insert(int(place), 0)
        orders.append(distractors)
    return orders


def correct_place(order: Sequence[int]) -> int:
    """Where the correct option (bank index 0) is shown."""
    return list(order).index(0)


def shown_options(question: Question, order: Sequence[int]) -> list[str]:
    """The question's option texts in the shown order."""
    return [question.options[i] for i in order]


def check(order: Sequence[int], answer: int) -> bool | None:
    """True if ``answer`` (a shown place) picks the correct option, None if unanswered."""
    if answer == UNANSWERED:
        return None
    if not 0 <= answer < len(order):
        raise ValueError(f"answer must be -1 or a place in 0..{len(order) - 1}, not {answer}")
    return order[answer] == 0


def score(orders: Sequence[Sequence[int]], answers: Sequence[int]) -> int:
    """The number of answers that pick the correct option."""
    if len(orders) != len(answers):
        raise ValueError(f"{len(answers)} answers for {len(orders)} questions")
    return sum(check(order, a) is True for order, a in zip(orders, answers, strict=True))


def remap_answers(
    old_orders: Sequence[Sequence[int]], new_orders: Sequence[Sequence[int]], answers: Sequence[int]
) -> list[int]:
    """The same chosen options, as places in the new shown orders (after a new seed)."""
    out = []
    for old, new, a in zip(old_orders, new_orders, answers, strict=True):
        out.append(UNANSWERED if a == UNANSWERED else list(new).index(old[a]))
    return out
