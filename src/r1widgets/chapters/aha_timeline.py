"""Chapter 04: R1-Zero's accuracy and response length over its RL steps, from v1 Figures 2 and 3
(Figure 2's markers, our readings of Figure 3's smoothed curve), the paper's "aha moment"
claim, and the reflective behaviour a detector finds in an illustrative rollout (or in
any pasted text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, Input, StrictInt, Text
from ..core import aha, trl_log

MAX_SHOWN = 500  # behaviours of a pasted text sent to the view (all are counted)


def _points(table: tuple[paper.Sourced, ...]) -> list[list[float]]:
    return [[s.value[0], s.value[1]] for s in table]


PASS_AT_1 = _points(paper.R1_ZERO_PASS_AT_1_POINTS)
CONS_AT_16 = _points(paper.R1_ZERO_CONS_AT_16_POINTS)
RESPONSE_LENGTH = _points(paper.R1_ZERO_RESPONSE_LENGTH_POINTS)
LAST_STEP = int(PASS_AT_1[-1][0])  # 8,400: where v1's figures end
assert LAST_STEP == int(RESPONSE_LENGTH[-1][0]) == int(CONS_AT_16[-1][0])


def _step(x: float) -> str:
    return f"{x:,.0f}"


def _describe(reading: aha.CurveReading, figure3: bool = False) -> str:
    """Where a value comes from. Figure 2's points are its markers; Figure 3 has no markers, so
    its points are our readings of the smoothed curve (paper-data §3.3)."""
    point = "our readings of Figure 3's smoothed curve" if figure3 else "the published points"
    if reading.kind == "published":
        if figure3:
            return f"read off Figure 3's smoothed curve at step {_step(reading.left)}"
        return f"published point at step {_step(reading.left)}"
    if reading.kind == "interpolated":
        return (
            f"interpolated on a straight line between {point} at steps "
            f"{_step(reading.left)} and {_step(reading.right)}"
        )
    side = "before" if reading.kind == "before_first" else "after"
    what = "reading" if figure3 else "published point"
    return f"no {what} {side} step {_step(reading.left)}"


def _with_js_spans(text: str, found: list[dict]) -> list[dict]:
    js = aha.utf16_spans(text, [b["span"] for b in found])
    return [{**b, "js_span": s} for b, s in zip(found, js, strict=True)]


def _longest_readings() -> dict[str, str]:
    """For each value, the longest reading text any step can show: the view keeps room for it,
    so nothing below the read-outs moves as the step changes. The points sit on multiples of
    200, so steps on multiples of 100 meet every kind of reading and every pair of points."""
    curves = {
        "pass_at_1": (PASS_AT_1, False),
        "cons_at_16": (CONS_AT_16, False),
        "response_length": (RESPONSE_LENGTH, True),
    }
    return {
        name: max(
            (
                _describe(aha.read_curve(points, step), fig3)
                for step in range(0, LAST_STEP + 1, 100)
            ),
            key=len,
        )
        for name, (points, fig3) in curves.items()
    }


def _stages() -> list[dict[str, Any]]:
    """Every stage with its rollout and the behaviours found in it: the view lays them all out
    (unseen) so the rollout's area is as tall as the tallest, at any width."""
    return [
        {
            **_stage(i),
            "text": stage.text,
            "behaviours": _with_js_spans(stage.text, aha.detect_behaviours(stage.text)),
        }
        for i, stage in enumerate(aha.STAGES)
    ]


def _stage(index: int) -> dict[str, Any]:
    stage = aha.STAGES[index]
    return {
        "index": index,
        "count": len(aha.STAGES),
        "name": stage.name,
        "first_step": stage.first_step,
        "last_step": stage.last_step,
        "basis": stage.basis,
    }


def _sources() -> dict[str, str]:
    nature, wait = paper.R1_ZERO_NATURE_RUN, paper.R1_ZERO_WAIT_STEPS
    return {
        "pass_at_1": paper.R1_ZERO_PASS_AT_1_POINTS[0].source,
        "cons_at_16": paper.R1_ZERO_CONS_AT_16_POINTS[0].source,
        "cons_at_16_hidden": next(
            s.source for s in paper.R1_ZERO_CONS_AT_16_POINTS if "hidden" in s.source
        ),
        "response_length": paper.R1_ZERO_RESPONSE_LENGTH_POINTS[0].source,
        "o1_pass_at_1": paper.O1_0912_AIME["pass_at_1"].source,
        "o1_cons_at_64": paper.O1_0912_AIME["cons_at_64"].source,
        "nature_run": f"{nature['steps'].source}; {nature['pass_at_1'].source}",
        "length_cap": nature["length_cap_step"].source,
        "reflective_words": paper.REFLECTIVE_WORDS.source,
        "wait": f"{wait['sporadic_from'].source}; {wait['frequent_from'].source}",
        "aha_quote": paper.R1_ZERO_AHA_QUOTE.source,
        "article": paper.ARTICLE_AHA_START["response_length"].source,
    }


def _published() -> list[dict[str, Any]]:
    series = {
        "pass@1": paper.R1_ZERO_PASS_AT_1_POINTS,
        "cons@16": paper.R1_ZERO_CONS_AT_16_POINTS,
        "length": paper.R1_ZERO_RESPONSE_LENGTH_POINTS,
    }
    out = [
        {"label": f"{name} at step {s.value[0]:,}", "value": list(s.value), "source": s.source}
        for name, table in series.items()
        for s in table
    ]
    named = {**paper.O1_0912_AIME, **paper.R1_ZERO_NATURE_RUN, **paper.R1_ZERO_WAIT_STEPS}
    out += [{"label": k, "value": s.value, "source": s.source} for k, s in named.items()]
    quote = paper.R1_ZERO_AHA_QUOTE
    out.append({"label": "aha moment quote", "value": quote.value, "source": quote.source})
    return out


def _version_note() -> str:
    n = paper.R1_ZERO_NATURE_RUN
    cap = n["length_cap_step"].value
    return (
        f"Shown: arXiv v1 Figures 2 and 3, R1-Zero's run to step {LAST_STEP:,}. The Nature "
        f"version's Figure 1 shows the full run of {n['steps'].value:,} steps, reaching "
        f"pass@1 {100 * n['pass_at_1'].value:.1f}%; its later points are not here. Nature also "
        f"says the length cap rose from {n['length_cap_before'].value:,} to "
        f"{n['length_cap_after'].value:,} tokens at step {cap:,} and that accuracy and length "
        f"then jump. That jump shows in Nature's Figure 1, past the points drawn here: v1's "
        f"points show no clear jump at {cap:,}."
    )


def _article_note() -> str:
    a = paper.ARTICLE_AHA_START
    return (
        f"This view differs from the seed article: that article starts its timeline at "
        f"{100 * a['pass_at_1'].value:.1f}% and about {a['response_length'].value:,} tokens at "
        f"step 0. In the paper, {100 * PASS_AT_1[0][1]:.1f}% is the first accuracy point, at "
        f"step {PASS_AT_1[0][0]:,.0f} (there is none at step 0), and responses start near "
        f"{RESPONSE_LENGTH[0][1]:,.0f} tokens. We show the paper's numbers."
    )


def _claim_note() -> str:
    return (
        f"The paper's claim: in arXiv v1 (§2.2.4, Table 3) a response from \"an intermediate "
        f'version" of R1-Zero stops to write \u201c{paper.R1_ZERO_AHA_QUOTE.value}\u201d and then '
        f'goes back over its steps. The authors call this an "aha moment": rethinking the model '
        f"learned on its own, under the reward alone. The paper gives no step for it, so no step "
        f"here is marked as the moment."
    )


def _wait_note() -> str:
    w = paper.R1_ZERO_WAIT_STEPS
    return (
        f"Nature reports that 'wait' was almost absent early in training, appeared now and "
        f"then between steps {w['sporadic_from'].value:,} and {w['sporadic_to'].value:,}, and "
        f"became much more frequent after step {w['frequent_from'].value:,}."
    )


class AhaTimeline(ChapterWidget):
    """R1-Zero's AIME accuracy and response length by RL step, with an illustrative rollout.

    ``pass_at_1`` and ``cons_at_16`` are read from the markers of arXiv v1 Figure 2, and
    ``response_length`` from our readings of Figure 3's smoothed curve (it has no markers), all
    kept in ``paper.py``: exact at a point's step, a straight line between two, and None where
    the figure has no point (accuracy before step 200). ``sample_text`` is
    a short rollout of our own for the stage of training that holds ``step`` (illustrative,
    not the model's); ``behaviours`` and ``reflective_counts`` are what the detector of
    :mod:`r1widgets.core.aha` finds in it. ``pasted_text`` runs the same detector on any text.

    Examples
    --------
    >>> w = AhaTimeline(step=8400)
    >>> w.pass_at_1, w.cons_at_16, w.response_length
    (0.71, 0.867, 9600.0)
    >>> AhaTimeline(step=100).pass_at_1 is None
    True
    >>> [b["kind"] for b in w.detect_behaviours("Wait, let me check.")]
    ['reflection', 'verification']
    """

    _esm = STATIC / "aha_timeline.js"

    step = Input(StrictInt(8_000, min=0, max=LAST_STEP))
    """The RL training step, 0 to 8,400 (one step is one policy update)."""
    pasted_text = Input(Text(""))
    """Any text (at most 100,000 characters) to run the detector on."""

    pass_at_1 = Derived(traitlets.Float(None, allow_none=True))
    """AIME 2024 pass@1 at ``step`` (a share, 0 to 1), None before the first published point."""
    cons_at_16 = Derived(traitlets.Float(None, allow_none=True))
    """AIME 2024 cons@16 (majority vote of 16 samples) at ``step``, None before step 200."""
    response_length = Derived(traitlets.Float(0.0))
    """Average length per response (tokens) on the training set at ``step``."""
    readings = Derived(traitlets.Dict())
    """For each of the three values where it comes from: "published point at step ..." (Figure
    2's markers), "read off Figure 3's smoothed curve at step ...", "interpolated ..." or "no
    published point before step 200"."""
    longest_readings = Derived(traitlets.Dict())
    """For each of the three values the longest text ``readings`` can hold at any step (the view
    keeps room for it, so the page below does not move)."""
    pass_at_1_points = Derived(traitlets.List())
    cons_at_16_points = Derived(traitlets.List())
    """Figure 2's markers as [step, value] points."""
    response_length_points = Derived(traitlets.List())
    """Our readings of Figure 3's smoothed curve (it has no markers), ±~100 tokens."""
    o1_reference = Derived(traitlets.Dict())
    """o1-0912's AIME 2024 pass@1 and cons@64 (v1 Table 2; Figure 2's dashed lines)."""
    last_step = Derived(traitlets.Int(LAST_STEP))
    published = Derived(traitlets.List())
    """Every published value this view draws or quotes, as {label, value, source}, the source
    being its entry's in ``paper.py`` (the curves' points, o1-0912's lines, Nature's run)."""

    stage = Derived(traitlets.Dict())
    """The stage of training that holds ``step``: index, name, first_step, last_step, count,
    and basis (what the paper says of these steps, and which boundary is ours)."""
    stages = Derived(traitlets.List())
    """Every stage as in ``stage``, with its rollout ``text`` and ``behaviours`` (as in
    ``behaviours``): the view lays them all out unseen, so the rollout keeps one height."""
    sample_question = Derived(traitlets.Unicode(aha.QUESTION))
    sample_text = Derived(traitlets.Unicode(""))
    """An illustrative rollout of our own for that stage (not the model's output)."""
    behaviours = Derived(traitlets.List())
    """Behaviours in ``sample_text``: dicts with kind, words, span [start, end) in code
    points, and js_span, the same span in UTF-16 units for the view."""
    reflective_words = Derived(traitlets.List(traitlets.Unicode()))
    reflective_counts = Derived(traitlets.Dict())
    """Each of the paper's ten reflective words -> its count in ``sample_text``."""

    pasted_behaviours = Derived(traitlets.List())
    """Behaviours in ``pasted_text`` (the first 500; as in ``behaviours``)."""
    pasted_behaviour_count = Derived(traitlets.Int(0))
    """How many behaviours ``pasted_text`` holds in all."""
    pasted_counts = Derived(traitlets.Dict())

    kind_labels = Derived(traitlets.Dict())
    sources = Derived(traitlets.Dict())
    version_note = Derived(traitlets.Unicode(""))
    article_note = Derived(traitlets.Unicode(""))
    claim_note = Derived(traitlets.Unicode(""))
    """The paper's own "aha moment" claim, with its quote (v1 Table 3) and no step."""
    wait_note = Derived(traitlets.Unicode(""))

    user_run = Derived(traitlets.Dict())
    """A person's own TRL GRPO run, loaded by :meth:`load_trl` or :meth:`from_trl`; empty when
    none is. ``steps``; ``reward`` (TRL's ``reward``: the mean over completions of the weighted
    sum of your reward functions, weighted by ``reward_weights``; unscorable completions are
    left out); ``length`` (TRL's ``completions/mean_length``, in tokens); and ``kl`` when the
    run logged it (TRL's ``kl``: the mean over completion tokens of the k3 estimator
    exp(ref - logp) - (ref - logp) - 1 of KL(pi_theta || pi_ref), the estimator chapter 02
    shows; logged only when beta != 0; TRL 0.14-0.15 averaged per sequence first, and before
    1.9 the token mean is taken per process, then averaged): one value per training log entry,
    None where the entry lacks it (an entry where TRL generated nothing new, as with
    ``num_iterations`` > 1, has ``kl`` but no reward or length). ``path``, the
    ``trainer_state.json`` read, as text, and ``name``, its path from the run's output directory
    on (what the view shows). ``reflective``, when the run has completions files: the paper's
    ten reflective words per 1,000 words of the completions TRL saved at each step (None where
    it saved none, where an evaluation rewrote that step's file, or where nothing new was
    generated). See :func:`r1widgets.core.trl_log.read_run` for every key."""

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if changed is None:
            out.update(
                pass_at_1_points=PASS_AT_1,
                cons_at_16_points=CONS_AT_16,
                response_length_points=RESPONSE_LENGTH,
                o1_reference={k: v.value for k, v in paper.O1_0912_AIME.items()},
                reflective_words=list(aha.REFLECTIVE_WORDS),
                kind_labels=dict(aha.KIND_LABELS),
                sources=_sources(),
                published=_published(),
                version_note=_version_note(),
                article_note=_article_note(),
                claim_note=_claim_note(),
                wait_note=_wait_note(),
                longest_readings=_longest_readings(),
                stages=_stages(),
            )
        if changed is None or "step" in changed:
            readings = {
                "pass_at_1": aha.read_curve(PASS_AT_1, self.step),
                "cons_at_16": aha.read_curve(CONS_AT_16, self.step),
                "response_length": aha.read_curve(RESPONSE_LENGTH, self.step),
            }
            index = aha.stage_at(self.step)
            text = aha.STAGES[index].text
            out.update(
                {name: r.value for name, r in readings.items()},
                readings={
                    name: _describe(r, figure3=name == "response_length")
                    for name, r in readings.items()
                },
                stage=_stage(index),
                sample_text=text,
                behaviours=_with_js_spans(text, aha.detect_behaviours(text)),
                reflective_counts=aha.count_reflective_words(text),
            )
        if changed is None or "pasted_text" in changed:
            found = aha.detect_behaviours(self.pasted_text)
            out.update(
                pasted_behaviours=_with_js_spans(self.pasted_text, found[:MAX_SHOWN]),
                pasted_behaviour_count=len(found),
                pasted_counts=aha.count_reflective_words(self.pasted_text),
            )
        return out

    @classmethod
    def from_trl(cls, path: str | Path, completions: bool = True, **kwargs: Any) -> AhaTimeline:
        """A new timeline showing the TRL GRPO run at ``path`` beside the paper's curves.

        Parameters
        ----------
        path : an output directory (the newer of its own ``trainer_state.json`` and its latest
            ``checkpoint-<n>``), a checkpoint directory, or a ``trainer_state.json``.
        completions : False to skip TRL's completions files (no reflective curve, and no
            pyarrow needed).
        **kwargs : the widget's inputs, as for ``AhaTimeline(...)``.

        Raises
        ------
        ValueError naming the file, for anything it cannot read (then no widget is made).
        """
        run = trl_log.read_run(path, completions=completions)
        widget = cls(**kwargs)
        widget.user_run = run
        return widget

    def load_trl(self, path: str | Path, completions: bool = True) -> None:
        """Show the TRL GRPO run at ``path`` (as in :meth:`from_trl`) in this widget. The run is
        read in full before anything changes: on a ValueError the widget keeps its state."""
        self.user_run = trl_log.read_run(path, completions=completions)

    def clear_trl(self) -> None:
        """Remove the loaded run: the chapter shows the paper's curves alone again."""
        self.user_run = {}

    def detect_behaviours(self, text: str) -> list[dict]:
        """The reflective behaviours in any ``text``: see :func:`.core.aha.detect_behaviours`."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, not {type(text).__name__}")
        return aha.detect_behaviours(text)

    def figure(self, run: bool = False) -> Any:
        """A live bqplot Figure, closed with the widget (see :mod:`r1widgets.figures`).

        By default R1-Zero's curves from arXiv v1 against the RL step: AIME 2024 pass@1
        through Figure 2's points (left axis) and the average length per response on the
        training set, our readings of Figure 3's smoothed curve (right axis, tokens, ±~100),
        with a cursor and the widget's two values at ``step``, following it. With
        ``run=True``, the TRL run in ``user_run`` on a figure of its own, since its steps are
        not R1-Zero's: mean reward (left) and mean completion length (right, tokens) per
        training log entry; empty until a run is loaded, redrawn when one is loaded or cleared.
        """
        import bqplot

        from .. import figures

        if run:
            x = bqplot.LinearScale()
            reward = bqplot.LinearScale()
            tokens = bqplot.LinearScale(min=0.0)
            on_reward, on_tokens = {"x": x, "y": reward}, {"x": x, "y": tokens}
            reward_line = bqplot.Lines(
                scales=on_reward,
                colors=[figures.PURPLE],
                labels=["mean reward"],
                display_legend=True,
            )
            length_line = bqplot.Lines(
                scales=on_tokens,
                colors=[figures.GREEN],
                line_style="dashed",
                labels=["mean completion length"],
                display_legend=True,
            )
            # a dot per logged value (an entry without one is a gap in its line, and no dot)
            reward_dots = bqplot.Scatter(
                scales=on_reward, colors=[figures.PURPLE], marker="circle", default_size=24
            )
            length_dots = bqplot.Scatter(
                scales=on_tokens, colors=[figures.GREEN], marker="square", default_size=24
            )
            x_axis = bqplot.Axis(scale=x, side="bottom", label="your run's step (trainer steps)")
            axes = [
                x_axis,
                bqplot.Axis(scale=reward, side="left", label="mean reward (TRL's reward)"),
                bqplot.Axis(scale=tokens, side="right", label="mean completion length (tokens)"),
            ]
            fig = figures.new_figure(
                "Your GRPO run", [reward_line, length_line, reward_dots, length_dots], axes
            )

            def redraw_run() -> None:
                user = self.user_run
                steps = user.get("steps", [])
                for line, dots, key in (
                    (reward_line, reward_dots, "reward"),
                    (length_line, length_dots, "length"),
                ):
                    ys = user.get(key) or [None] * len(steps)
                    line.x, line.y = figures.floats(steps), figures.floats(ys)
                    logged = [(s, y) for s, y in zip(steps, ys, strict=True) if y is not None]
                    dots.x = [s for s, _ in logged]
                    dots.y = [y for _, y in logged]
                x_axis.tick_values = figures.ticks(min(steps), max(steps)) if steps else []
                folder = Path(str(user.get("path", ""))).parent.name
                folder = folder if len(folder) <= 24 else folder[:23] + "…"
                fig.title = f"Your GRPO run: {folder}" if steps else "Your GRPO run: none loaded"

            return figures.live(self, fig, ["user_run"], redraw_run)

        x = bqplot.LinearScale(min=0.0, max=float(LAST_STEP))
        share = bqplot.LinearScale(min=0.0, max=1.0)
        tokens = bqplot.LinearScale(min=0.0, max=12_000.0)
        on_share, on_tokens = {"x": x, "y": share}, {"x": x, "y": tokens}
        pass_line = bqplot.Lines(
            scales=on_share,
            colors=[figures.BLUE],
            marker="circle",
            marker_size=20,
            labels=["pass@1 (Fig. 2)"],
            display_legend=True,
        )
        length_line = bqplot.Lines(
            scales=on_tokens,
            colors=[figures.ORANGE],
            line_style="dashed",
            labels=["length, our readings of Fig. 3 (±~100)"],
            display_legend=True,
        )
        pass_now = bqplot.Scatter(
            scales=on_share, colors=[figures.BLUE], marker="circle", default_size=90
        )
        length_now = bqplot.Scatter(
            scales=on_tokens, colors=[figures.ORANGE], marker="square", default_size=90
        )
        cursor = bqplot.Lines(
            y=[0.0, 1.0],
            scales=on_share,
            colors=[figures.GREY],
            line_style="dotted",
            display_legend=True,
        )
        axes = [
            bqplot.Axis(
                scale=x,
                side="bottom",
                label="R1-Zero's RL step",
                tick_values=[0, 2000, 4000, 6000, 8000],
            ),
            bqplot.Axis(scale=share, side="left", label="AIME 2024 pass@1", tick_format=".0%"),
            bqplot.Axis(
                scale=tokens,
                side="right",
                label="average length per response, training set (tokens)",
            ),
        ]
        fig = figures.new_figure(
            "R1-Zero, arXiv v1 Figures 2 and 3 (Fig. 3: our readings)",
            [pass_line, length_line, pass_now, length_now, cursor],
            axes,
        )

        def redraw() -> None:
            step = self.step
            pass_line.x = [p[0] for p in self.pass_at_1_points]
            pass_line.y = [p[1] for p in self.pass_at_1_points]
            length_line.x = [p[0] for p in self.response_length_points]
            length_line.y = [p[1] for p in self.response_length_points]
            cursor.x = [step, step]
            cursor.labels = [f"step {step:,}"]
            shown = self.pass_at_1 is not None  # no published point before step 200
            pass_now.x, pass_now.y = ([step], [self.pass_at_1]) if shown else ([], [])
            length_now.x, length_now.y = [step], [self.response_length]

        return figures.live(self, fig, ["step"], redraw)
