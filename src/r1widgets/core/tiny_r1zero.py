"""A tiny R1-Zero: GRPO trains a tabular policy to add digits mod 10, with a 0/1 answer reward.

Pure numpy; every function works on a whole batch of rollouts at once (one Python step per
token position, never per rollout).

Task (ours). A prompt is K digits (K from 2 to 6); the answer is their sum mod 10. The policy
writes a scratchpad of digits, then the answer marker, then one answer digit. Reward: 1 if the
answer digit is right, else 0; nothing for length or format (chapter 03's rule-based spirit). A
scratchpad longer than ``SCRATCH_CAP`` digits ends the rollout with reward 0.

Policy (ours). A softmax over a table of logits indexed by (mode, last digit written, cue):
- mode 0, thinking: the cue is the prompt digit under a pointer that moves one place per digit
  written (``END`` once it has passed the last digit); actions are the ten digits and the marker.
- mode 1, answering: the cue is the same pointer digit; actions are the ten digits. With
  ``wide_answer`` the answering cue is the true sum instead: the answer step sees the answer.
The last digit written starts at 0. Writing the running sum (r + x) mod 10 at every step makes
the last digit the answer after K digits, so the full scratchpad is K digits and the whole
response K + 2 tokens.

The "pretrained prior" is a starting table: +``PRIOR_BONUS`` on the one-step sum (last digit +
cue) mod 10 in every state, thinking or answering, with a passed-the-end cue adding nothing (so
at the end the bonus is on the last digit itself), and +``ANSWER_EARLY_BIAS`` on the marker in
every thinking state: a weak skill, and a habit of answering at once. Without it every logit
starts at 0.

GRPO step (chapter 02's functions): per prompt, G rollouts; group-relative advantages
(``grpo.group_advantages``, population std); each rollout weighted 1/G
(``grpo.aggregation_weights`` "grpo") with R1's sequence-level log-probability Σ_t log π(o_t), so
every token of a rollout carries its rollout's advantage; on-policy, one update per batch, so
every ratio is 1 and the clip never binds. The KL penalty to the starting table is computed
exactly in every state the rollout visits, KL(π(·|s)‖π_ref(·|s)) (chapter 11's
``kl_divergence``), summed over the rollout's tokens: a table policy can afford the exact value
where a language model samples an estimate (k3). The difference is more than noise: a trainer
that adds per-token k3 to its loss and differentiates it (DeepSeekMath, TRL) follows, on
average, the gradient of the reverse direction KL(π_ref‖π), which resists dropping any action
the start allowed; on this task that version stalls near pass@1 0.92 at β 0.04 (review runs).
Adam ascends the objective.

With ``wide_answer`` the same prior table applies, so the answering bonus falls on
(last digit + true sum) mod 10: the true answer only when nothing was written yet (last = 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .grpo import aggregation_weights, group_advantages
from .policy import kl_logit_gradient
from .trust_region import kl_divergence

K_MIN, K_MAX = 2, 6
SCRATCH_CAP = K_MAX + 3  # the longest allowed scratchpad, in digits
MARKER = 10  # action index of the answer marker
END = 10  # cue once the pointer has passed the prompt's last digit
N_DIGITS = 10
N_ACTIONS = 11
MAX_TOKENS = SCRATCH_CAP + 2  # a full-cap scratchpad, the marker and the answer
PRIOR_BONUS = 1.5
ANSWER_EARLY_BIAS = 2.5
EVAL_PROMPTS = 2000  # the fixed evaluation set: 400 prompts of each K
EVAL_SEED = 20250122  # the evaluation set's own seed (R1's arXiv date), never a run's seed
PROMPTS_PER_STEP = 64
ADAM = (0.9, 0.999, 1e-8)

TABLE_SHAPE = (2, N_DIGITS, N_DIGITS + 1, N_ACTIONS)  # (mode, last digit, cue, action)
N_STATES = 2 * N_DIGITS * (N_DIGITS + 1)


def prior_logits(prior: bool = True) -> NDArray[np.float64]:
    """The starting table: the weak pretrained skill and the answer-early habit, or all zeros.

    The marker is not an action in answering states; its logit there is -inf.
    """
    z = np.zeros(TABLE_SHAPE)
    if prior:
        last = np.arange(N_DIGITS)[:, None]
        cue = np.arange(N_DIGITS + 1)[None, :]
        one_step = (last + np.where(cue == END, 0, cue)) % 10
        z[:, last, cue, one_step] += PRIOR_BONUS
        z[0, :, :, MARKER] += ANSWER_EARLY_BIAS
    z[1, :, :, MARKER] = -np.inf
    return z


def table_probs(logits: NDArray[np.float64]) -> NDArray[np.float64]:
    """Softmax over the action axis of the table (−inf logits get probability 0)."""
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class Prompts:
    """N prompts: digits (N, K_MAX), right-padded with 0; k (N,); answer (N,) = sum mod 10."""

    digits: NDArray[np.int64]
    k: NDArray[np.int64]
    answer: NDArray[np.int64]


def make_prompts(rng: np.random.Generator, n: int, k: NDArray[np.int64] | None = None) -> Prompts:
    """n prompts with K uniform on 2..6 (or the given K per prompt) and uniform digits."""
    if k is None:
        k = rng.integers(K_MIN, K_MAX + 1, size=n)
    k = np.asarray(k, dtype=np.int64)
    digits = rng.integers(0, 10, size=(n, K_MAX))
    digits[np.arange(K_MAX)[None, :] >= k[:, None]] = 0
    return Prompts(digits, k, digits.sum(axis=1) % 10)


def eval_set() -> tuple[Prompts, NDArray[np.float64]]:
    """The fixed evaluation set (400 prompts of each K) and its fixed sampling uniforms."""
    rng = np.random.default_rng(EVAL_SEED)
    k = np.repeat(np.arange(K_MIN, K_MAX + 1), EVAL_PROMPTS // (K_MAX - K_MIN + 1))
    return make_prompts(rng, k.size, k), rng.random((k.size, MAX_TOKENS + 1))


@dataclass(frozen=True)
class Rollouts:
    """N sampled responses.

    tokens (N, T): written tokens (digits 0-9, ``MARKER``), -1 after the end; states (N, T):
    the flat table row each token was sampled in (-1 after the end); length (N,): tokens
    written; answer (N,): the answer digit (-1 if none: over the cap); reward (N,): 0/1.
    """

    tokens: NDArray[np.int64]
    states: NDArray[np.int64]
    length: NDArray[np.int64]
    answer: NDArray[np.int64]
    reward: NDArray[np.float64]


def rollout(
    logits: NDArray[np.float64],
    prompts: Prompts,
    uniforms: NDArray[np.float64],
    wide_answer: bool = False,
) -> Rollouts:
    """Sample one response per prompt from the table, all prompts at once.

    uniforms : (N, ≥ MAX_TOKENS + 1) numbers in [0, 1); token t of rollout n uses [n, t].
    """
    n = prompts.k.size
    cdf = np.cumsum(table_probs(logits), axis=-1).reshape(N_STATES, N_ACTIONS)
    cdf[:, -1] = 1.0
    rows = np.arange(n)
    tokens = np.full((n, MAX_TOKENS + 1), -1, dtype=np.int64)
    states = np.full((n, MAX_TOKENS + 1), -1, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    ptr = np.zeros(n, dtype=np.int64)
    answering = np.zeros(n, dtype=bool)
    active = np.ones(n, dtype=bool)
    answer = np.full(n, -1, dtype=np.int64)
    length = np.zeros(n, dtype=np.int64)
    for t in range(MAX_TOKENS + 1):
        idx = rows[active]
        if idx.size == 0:
            break
        inside = ptr[idx] < prompts.k[idx]
        cue = np.where(inside, prompts.digits[idx, np.minimum(ptr[idx], K_MAX - 1)], END)
        if wide_answer:
            cue = np.where(answering[idx], prompts.answer[idx], cue)
        state = ((answering[idx] * N_DIGITS + last[idx]) * (N_DIGITS + 1) + cue).astype(np.int64)
        action = (uniforms[idx, t, None] >= cdf[state]).sum(axis=1)
        action = np.minimum(action, N_ACTIONS - 1)
        tokens[idx, t] = action
        states[idx, t] = state
        length[idx] += 1
        ans = answering[idx]
        answer[idx[ans]] = action[ans]
        digit = ~ans & (action < MARKER)
        last[idx[digit]] = action[digit]
        ptr[idx[digit]] += 1
        answering[idx[~ans & (action == MARKER)]] = True
        over = digit & (ptr[idx] > SCRATCH_CAP)
        active[idx[ans | over]] = False
    reward = (answer == prompts.answer).astype(float)
    return Rollouts(tokens, states, length, answer, reward)


@dataclass
class AdamState:
    """Adam's moment estimates for the table, and its step count."""

    m: NDArray[np.float64]
    v: NDArray[np.float64]
    t: int = 0


def new_adam() -> AdamState:
    return AdamState(np.zeros(TABLE_SHAPE), np.zeros(TABLE_SHAPE))


def adam_ascend(
    logits: NDArray[np.float64], grad: NDArray[np.float64], state: AdamState, lr: float
) -> NDArray[np.float64]:
    """One Adam step up the gradient (bias-corrected); -inf logits stay -inf."""
    b1, b2, eps = ADAM
    state.t += 1
    state.m = b1 * state.m + (1 - b1) * grad
    state.v = b2 * state.v + (1 - b2) * grad * grad
    m_hat = state.m / (1 - b1**state.t)
    v_hat = state.v / (1 - b2**state.t)
    return logits + lr * m_hat / (np.sqrt(v_hat) + eps)


@dataclass(frozen=True)
class StepStats:
    """One GRPO step: the batch, its advantages and objective terms, and the gradient."""

    rollouts: Rollouts
    prompts: Prompts
    advantages: NDArray[np.float64]  # (B, G)
    kl: float  # mean over rollouts of Σ_t KL(π(·|s_t)‖π_ref(·|s_t)), in nats
    gradient: NDArray[np.float64]  # TABLE_SHAPE


def grpo_gradient(
    logits: NDArray[np.float64],
    ref_logits: NDArray[np.float64],
    rollouts: Rollouts,
    group_size: int,
    kl_beta: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    """Gradient of the GRPO objective (on-policy, ratio 1) with respect to the table.

    J = (1/B) Σ_groups Σ_i w_i·(A_i·Σ_t log π(o_t|s_t) − β·Σ_t KL(π(·|s_t)‖π_ref(·|s_t))),
    w_i = 1/G. Rollouts are ordered group by group (B groups of G). For a softmax row,
    ∂ log π(a)/∂z = onehot(a) − π, so each token adds w·A·(onehot(a) − π(·|s)) to its row, and
    each visit of a state subtracts w·β·∂KL/∂z (``policy.kl_logit_gradient``). For the KL term
    the visited states are treated as fixed, as GRPO trainers that add the KL to the loss do
    (putting it into the reward instead would also push on which states are visited). Returns
    (gradient, advantages (B, G), mean KL per rollout).
    """
    n = rollouts.reward.size
    b = n // group_size
    _, _, adv = group_advantages(rollouts.reward.reshape(b, group_size))
    # 1/G per rollout, applied to the SUM of its tokens' terms (R1's eq. 1 with sequence
    # probabilities). DeepSeekMath and TRL's loss_type="grpo" also divide by the rollout's
    # length; on this task the outcome is the same (review runs: pass@1 0.99, 6.05 tokens).
    weight = aggregation_weights(rollouts.length.reshape(b, group_size), "grpo") / b
    probs = table_probs(logits).reshape(N_STATES, N_ACTIONS)
    ref = table_probs(ref_logits).reshape(N_STATES, N_ACTIONS)
    written = rollouts.states >= 0
    s = rollouts.states[written]
    a = rollouts.tokens[written]
    per_rollout = np.repeat(np.arange(n), written.sum(axis=1))
    w_tok = weight.reshape(-1)[per_rollout]
    c = w_tok * adv.reshape(-1)[per_rollout]
    flat = np.bincount(s * N_ACTIONS + a, weights=c, minlength=N_STATES * N_ACTIONS)
    grad = (
        flat.reshape(N_STATES, N_ACTIONS)
        - probs * np.bincount(s, weights=c, minlength=N_STATES)[:, None]
    )
    # masked actions (π = π_ref = 0) count as 0
    with np.errstate(divide="ignore", invalid="ignore"):
        state_kl = kl_divergence(probs, ref)  # (N_STATES,) exact KL(π‖π_ref) of each row
    if kl_beta > 0:
        visits = np.bincount(s, weights=w_tok, minlength=N_STATES)
        grad = grad - kl_beta * visits[:, None] * kl_logit_gradient(probs, ref)
    kl_sum = np.bincount(per_rollout, weights=state_kl[s], minlength=n)
    return grad.reshape(TABLE_SHAPE), adv, float(kl_sum.mean())


@dataclass(frozen=True)
class Evaluation:
    """pass@1 and lengths of the policy on the fixed evaluation set."""

    pass_at_1: float
    mean_length: float
    length_by_k: list[float]  # mean tokens written, K = 2..6
    pass_by_k: list[float]


def evaluate(
    logits: NDArray[np.float64],
    wide_answer: bool,
    evaluation: tuple[Prompts, NDArray[np.float64]],
) -> Evaluation:
    """One sample per evaluation prompt (fixed uniforms, so only the policy changes it)."""
    prompts, uniforms = evaluation
    r = rollout(logits, prompts, uniforms, wide_answer)
    ks = range(K_MIN, K_MAX + 1)
    return Evaluation(
        pass_at_1=float(r.reward.mean()),
        mean_length=float(r.length.mean()),
        length_by_k=[float(r.length[prompts.k == k].mean()) for k in ks],
        pass_by_k=[float(r.reward[prompts.k == k].mean()) for k in ks],
    )


class Trainer:
    """A run: the table, its starting copy, Adam, and the run's random stream.

    ``step()`` draws 64 prompts × G rollouts, computes the GRPO gradient and takes one Adam
    step. The same seed and settings always give the same run.
    """

    def __init__(
        self,
        seed: int = 0,
        learning_rate: float = 0.05,
        kl_beta: float = 0.04,
        group_size: int = 8,
        prior: bool = True,
        wide_answer: bool = False,
        prompts_per_step: int = PROMPTS_PER_STEP,
    ) -> None:
        self.learning_rate = learning_rate
        self.kl_beta = kl_beta
        self.group_size = group_size
        self.wide_answer = wide_answer
        self.prompts_per_step = prompts_per_step
        self.ref_logits = prior_logits(prior)
        self.logits = self.ref_logits.copy()
        self.adam = new_adam()
        self.rng = np.random.default_rng(seed)
        self.steps = 0
        self.last: StepStats | None = None

    def step(self) -> StepStats:
        b, g = self.prompts_per_step, self.group_size
        base = make_prompts(self.rng, b)
        rep = np.repeat(np.arange(b), g)
        prompts = Prompts(base.digits[rep], base.k[rep], base.answer[rep])
        uniforms = self.rng.random((b * g, MAX_TOKENS + 1))
        r = rollout(self.logits, prompts, uniforms, self.wide_answer)
        grad, adv, kl = grpo_gradient(self.logits, self.ref_logits, r, g, self.kl_beta)
        self.logits = adam_ascend(self.logits, grad, self.adam, self.learning_rate)
        self.steps += 1
        self.last = StepStats(r, prompts, adv, kl, grad)
        return self.last
