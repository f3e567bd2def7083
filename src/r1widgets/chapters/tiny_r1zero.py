"""Chapter 17 (lab): a tiny R1-Zero trained live by GRPO on digit sums; no reward for length."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, FiniteFloat, Input, StrictBool, StrictInt, log
from ..core import tiny_r1zero as lab
from ..core.grpo import group_advantages

MAX_STEPS = 1000  # a run stops here (Play stops, train refuses to go further)
RECORD_EVERY = 5  # history keeps one evaluated point per this many steps
CHUNK = 10  # steps between redraws while playing (the issue asks for at most 25)
CHUNK_SECONDS = 0.1  # Play paces each chunk to at least this long, so the rise can be watched
YIELD_SECONDS = 0.01  # the shortest pause between chunks (the kernel serves other messages)
KEEP_PREVIOUS_FROM = 20  # a run shorter than this does not replace the run kept for comparison
SHOWN_SAMPLES = 8  # rollouts of the sample group shown
SEED_MAX = 2**32 - 1
LR_RANGE = (0.001, 0.5)
BETA_RANGE = (0.0, 1.0)
GROUP_RANGE = (2, 32)
TOKEN_TEXT = [str(d) for d in range(10)] + ["="]  # "=" is the answer marker
PAPER_RECIPE = {  # R1-Zero's own RL settings, for comparison with the lab's toy ones
    name: {
        "label": label,
        "value": paper.R1_ZERO_RL[name].value,
        "source": paper.R1_ZERO_RL[name].source,
    }
    for name, label in [
        ("group_size", "outputs per question (G)"),
        ("kl_beta", "KL coefficient (β)"),
        ("learning_rate", "learning rate"),
        ("steps", "training steps"),
        ("temperature", "sampling temperature"),
        ("questions_per_step", "questions per step"),
        ("outputs_per_rollout", "outputs per rollout phase"),
        ("minibatches", "policy updates per rollout phase (minibatches)"),
    ]
}
PAPER_RECIPE["eval_temperature"] = {
    "label": "evaluation sampling temperature (pass@1 averaged over k samples)",
    "value": paper.R1_EVAL_TEMPERATURE.value,
    "source": paper.R1_EVAL_TEMPERATURE.source,
}
PAPER_RECIPE["reference_reset"] = {
    "label": "reference model replaced by the latest policy every",
    "value": paper.R1_REFERENCE_RESET_STEPS.value,
    "source": paper.R1_REFERENCE_RESET_STEPS.source,
}
TASK = {  # the task's sizes, for the view to state instead of repeating them
    "k_min": lab.K_MIN,
    "k_max": lab.K_MAX,
    "scratch_cap": lab.SCRATCH_CAP,
    "prompts_per_step": lab.PROMPTS_PER_STEP,
    "eval_prompts": lab.EVAL_PROMPTS,
    "record_every": RECORD_EVERY,
    "chunk": CHUNK,
    "max_steps": MAX_STEPS,
}
RUN_SETTINGS = ("seed", "learning_rate", "kl_beta", "group_size", "prior", "wide_answer")


class TinyR1Zero(ChapterWidget):
    """GRPO trains a table policy, live, to add K digits mod 10 with a 0/1 answer reward.

    Each step samples 64 prompts (K = 2..6 digits) × ``group_size`` rollouts, scores each
    group's rewards relative to the group (chapter 02), and takes one Adam step on the GRPO
    objective with an exact KL penalty to the starting table (``kl_beta``). The policy is
    rewarded only for the right answer; its scratchpad length is its own business. Every
    setting defines a run: changing one starts a new run from step 0 (the last run is kept in
    ``previous_history`` for comparison). ``sample_k`` only chooses which prompt length the
    sample group shows.

    ``train(steps)`` trains synchronously. ``play()`` trains in the background in chunks of
    10 steps that yield to the kernel's event loop (so other widgets and Pause keep working);
    it needs a running event loop, as in a Jupyter kernel.

    Examples
    --------
    >>> lab = TinyR1Zero(seed=0)
    >>> round(lab.pass_at_1, 1), round(lab.mean_length, 1)
    (0.1, 3.1)
    >>> history = lab.train(300)
    >>> lab.pass_at_1 > 0.9, lab.step_count
    (True, 300)
    """

    _esm = STATIC / "tiny_r1zero.js"
    _actions = ("play", "pause", "step", "reset")

    seed = Input(StrictInt(0, min=0, max=SEED_MAX))
    learning_rate = Input(FiniteFloat(0.05, min=LR_RANGE[0], max=LR_RANGE[1]))
    kl_beta = Input(FiniteFloat(0.04, min=BETA_RANGE[0], max=BETA_RANGE[1]))
    group_size = Input(StrictInt(8, min=GROUP_RANGE[0], max=GROUP_RANGE[1]))
    prior = Input(StrictBool(True))
    """The pretrained prior: a weak one-step-sum skill and a habit of answering at once."""
    wide_answer = Input(StrictBool(False))
    """The answer step sees the true sum (a control that makes the scratchpad useless)."""
    sample_k = Input(StrictInt(4, min=lab.K_MIN, max=lab.K_MAX))
    """How many digits the sample group's prompt has."""

    running = Derived(traitlets.Bool(False))
    run_id = Derived(traitlets.Int(0))
    """Counts runs: a new value means a new run began (a setting changed, or reset)."""
    step_count = Derived(traitlets.Int(0))
    max_steps = Derived(traitlets.Int(MAX_STEPS))
    pass_at_1 = Derived(traitlets.Float(0.0))
    """Share right on the fixed evaluation set (2,000 prompts, one sample each)."""
    mean_length = Derived(traitlets.Float(0.0))
    """Mean tokens written on the evaluation set: scratchpad, marker and answer."""
    length_by_k = Derived(traitlets.List(traitlets.Float()))
    pass_by_k = Derived(traitlets.List(traitlets.Float()))
    kl = Derived(traitlets.Float(0.0))
    """Last batch: mean over rollouts of the summed per-state KL to the start, in nats."""
    train_reward = Derived(traitlets.Float(0.0))
    history = Derived(traitlets.List(traitlets.Dict()))
    """One point per 5 steps (and the current step): step, pass_at_1, mean_length, kl."""
    previous_history = Derived(traitlets.List(traitlets.Dict()))
    previous_label = Derived(traitlets.Unicode(""))
    samples = Derived(traitlets.Dict())
    task = Derived(traitlets.Dict(TASK))
    """The task's sizes: K range, scratchpad cap, prompts per step, evaluation prompts, ..."""
    paper_recipe = Derived(traitlets.Dict(PAPER_RECIPE))
    """R1-Zero's published RL settings ({label, value, source} by name), to set the toy beside."""

    def __init__(self, **kwargs: Any) -> None:
        self._evaluation = lab.eval_set()
        self._trainer = lab.Trainer()
        self._records: list[dict[str, Any]] = []
        self._eval_cache: tuple[int, lab.Evaluation] | None = None
        self._task: asyncio.Task[None] | None = None
        self._play_token: object | None = None  # the playing loop's own; None stops it
        self._run_label = ""
        self._previous: list[dict[str, Any]] = []
        self._previous_label = ""
        self._run_id = 0
        super().__init__(**kwargs)

    # -- the run ------------------------------------------------------------------------------
    def _label(self) -> str:
        parts = [
            f"seed {self.seed}",
            f"lr {self.learning_rate:g}",
            f"β {self.kl_beta:g}",
            f"G {self.group_size}",
            "prior on" if self.prior else "no prior",
        ]
        if self.wide_answer:
            parts.append("answer sees the sum")
        return ", ".join(parts)

    def _restart(self) -> None:
        if self._records and self._trainer.steps >= KEEP_PREVIOUS_FROM:
            self._previous = self._history()
            self._previous_label = f"{self._run_label}; {self._trainer.steps:,} steps"
        self._play_token = None
        self._run_id += 1
        self._run_label = self._label()
        self._trainer = lab.Trainer(
            seed=self.seed,
            learning_rate=self.learning_rate,
            kl_beta=self.kl_beta,
            group_size=self.group_size,
            prior=self.prior,
            wide_answer=self.wide_answer,
        )
        self._records = []
        self._eval_cache = None
        self._record()

    def _evaluate(self) -> lab.Evaluation:
        steps = self._trainer.steps
        if self._eval_cache is None or self._eval_cache[0] != steps:
            result = lab.evaluate(self._trainer.logits, self.wide_answer, self._evaluation)
            self._eval_cache = (steps, result)
        return self._eval_cache[1]

    def _point(self) -> dict[str, Any]:
        e = self._evaluate()
        last = self._trainer.last
        return {
            "step": self._trainer.steps,
            "pass_at_1": e.pass_at_1,
            "mean_length": e.mean_length,
            "kl": last.kl if last is not None else 0.0,
        }

    def _record(self) -> None:
        self._records.append(self._point())

    def _history(self) -> list[dict[str, Any]]:
        """The recorded points, and the current step's if it falls between them."""
        history = list(self._records)
        if history[-1]["step"] != self._trainer.steps:
            history.append(self._point())
        return history

    def _advance(self, steps: int) -> None:
        for _ in range(steps):
            self._trainer.step()
            if self._trainer.steps % RECORD_EVERY == 0:
                self._record()

    def _samples(self) -> dict[str, Any]:
        """One group of the current policy on a prompt of ``sample_k`` digits, seeded by the
        run's seed, the step and K, with each rollout's reward and group-relative advantage."""
        g = self.group_size
        rng = np.random.default_rng([self.seed, self._trainer.steps, self.sample_k])
        base = lab.make_prompts(rng, 1, np.array([self.sample_k]))
        rep = np.zeros(g, dtype=np.int64)
        prompts = lab.Prompts(base.digits[rep], base.k[rep], base.answer[rep])
        uniforms = rng.random((g, lab.MAX_TOKENS + 1))
        r = lab.rollout(self._trainer.logits, prompts, uniforms, self.wide_answer)
        _, _, adv = group_advantages(r.reward)
        digits = [int(d) for d in base.digits[0, : self.sample_k]]
        rollouts = []
        for i in range(min(g, SHOWN_SAMPLES)):
            toks = [TOKEN_TEXT[t] for t in r.tokens[i] if t >= 0]
            rollouts.append(
                {
                    "tokens": toks,
                    "length": int(r.length[i]),
                    "answer": int(r.answer[i]),
                    "over_cap": bool(r.answer[i] < 0),
                    "reward": float(r.reward[i]),
                    "advantage": float(adv[i]),
                }
            )
        return {
            "prompt": digits,
            "k": self.sample_k,
            "answer": int(base.answer[0]),
            "running_sums": [int(v) for v in np.cumsum(digits) % 10],
            "group_size": g,
            "rollouts": rollouts,
        }

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        if changed is None or changed & set(RUN_SETTINGS):
            self._restart()
        e = self._evaluate()
        history = self._history()
        last = self._trainer.last
        return {
            "running": self._is_running(),
            "run_id": self._run_id,
            "step_count": self._trainer.steps,
            "pass_at_1": e.pass_at_1,
            "mean_length": e.mean_length,
            "length_by_k": e.length_by_k,
            "pass_by_k": e.pass_by_k,
            "kl": last.kl if last is not None else 0.0,
            "train_reward": float(last.rollouts.reward.mean()) if last is not None else 0.0,
            "history": history,
            "previous_history": list(self._previous),
            "previous_label": self._previous_label,
            "samples": self._samples(),
            "paper_recipe": PAPER_RECIPE,
            "task": TASK,
        }

    def _is_running(self) -> bool:
        return self._play_token is not None and self._task is not None and not self._task.done()

    # -- actions ------------------------------------------------------------------------------
    def step(self) -> None:
        """Take one GRPO step (stops a running Play first)."""
        self.pause()
        if self._trainer.steps < MAX_STEPS:
            self._advance(1)
        self._refresh(set())

    def reset(self) -> None:
        """Start the run again from step 0 with the same settings (stops a running Play)."""
        self._restart()
        self._refresh(set())

    def pause(self) -> None:
        """Stop a running Play after the chunk in progress (at most 10 steps)."""
        self._play_token = None
        self.running = False

    def play(self) -> None:
        """Train in the background until Pause, a new run, or step 1,000.

        Runs in chunks of 10 steps on the kernel's event loop, redrawing after each, and
        yields between chunks so the kernel keeps serving other widgets; a chunk takes at least
        0.1 s, so the rise can be watched (``train`` is not paced). Pressing it while a run is
        playing, or once the run has reached step 1,000, does nothing.
        """
        if self._is_running():
            return
        if self._trainer.steps >= MAX_STEPS:
            return  # the run is finished: reset() starts another
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(
                "play() trains in the background on a running event loop (a Jupyter kernel "
                "has one); in a script, call train(steps) instead"
            ) from None
        token = self._play_token = object()
        self._task = loop.create_task(self._play(token))
        self.running = True

    async def _play(self, token: object) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._play_token is token and self._trainer.steps < MAX_STEPS:
                began = loop.time()
                self._advance(min(CHUNK, MAX_STEPS - self._trainer.steps))
                self._refresh(set())
                await asyncio.sleep(max(YIELD_SECONDS, CHUNK_SECONDS - (loop.time() - began)))
        except Exception as exc:  # keep the kernel serving; say what stopped the run
            log.exception("TinyR1Zero: training stopped")
            self.error = f"training stopped: {exc}"[:300]
        finally:
            if self._play_token is token:  # ended on its own (step 1,000 or an error)
                self._play_token = None
                self._refresh(set())

    def close(self) -> None:
        """Stop a running Play, then close the widget."""
        self._play_token = None
        super().close()

    def train(self, steps: int = 400) -> list[dict[str, Any]]:
        """Train ``steps`` GRPO steps now (blocking) and return the history.

        The history has one point per 5 steps (plus the current step), each
        ``{step, pass_at_1, mean_length, kl}``. A run stops at step 1,000.
        """
        if isinstance(steps, bool) or not isinstance(steps, int | np.integer):
            raise ValueError(f"steps must be an integer, not {steps!r}")
        room = MAX_STEPS - self._trainer.steps
        if not 0 <= steps <= room:
            raise ValueError(
                f"steps must be between 0 and {room:,} (a run stops at step {MAX_STEPS:,}; "
                "reset() starts again), not {steps}"
            )
        if self._is_running():
            raise RuntimeError("the run is playing; pause() it before train()")
        self._advance(int(steps))
        self._refresh(set())
        return list(self.history)

    def figure(self) -> Any:
        """A live bqplot Figure of ``history``: pass@1 on the evaluation set (left axis) and
        mean length in tokens (right axis) against the step, redrawn as the run trains;
        closed with the widget (see :mod:`r1widgets.figures`)."""
        import bqplot

        from .. import figures

        x_scale = bqplot.LinearScale(min=0.0)
        acc_scale = bqplot.LinearScale(min=0.0, max=1.0)
        len_scale = bqplot.LinearScale(min=0.0, max=float(lab.MAX_TOKENS))
        acc = bqplot.Lines(
            scales={"x": x_scale, "y": acc_scale},
            colors=[figures.BLUE],
            labels=["pass@1"],
            display_legend=True,
        )
        length = bqplot.Lines(
            scales={"x": x_scale, "y": len_scale},
            line_style="dashed",
            colors=[figures.ORANGE],
            labels=["mean length"],
            display_legend=True,
        )
        x_axis = bqplot.Axis(scale=x_scale, side="bottom", label="GRPO step")
        axes = [
            x_axis,
            bqplot.Axis(
                scale=acc_scale, side="left", label="pass@1 (evaluation set)", tick_format=".0%"
            ),
            bqplot.Axis(scale=len_scale, side="right", label="mean length (tokens)"),
        ]
        fig = figures.new_figure(
            "Tiny R1-Zero lab (our toy digit-sum task): pass@1 and length", [acc, length], axes
        )

        def redraw() -> None:
            history = self.history
            steps = [h["step"] for h in history]
            acc.x = length.x = steps
            x_axis.tick_values = figures.ticks(steps[0], steps[-1])
            acc.y = [h["pass_at_1"] for h in history]
            length.y = [h["mean_length"] for h in history]

        return figures.live(self, fig, ["history"], redraw)
