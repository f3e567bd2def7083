"""Reading a GRPO run trained with TRL's ``GRPOTrainer``: its logged curves, and the reflective
words in its saved completions (chapter 04's detector, :mod:`.aha`).

**Where the log is.** Hugging Face's ``Trainer`` keeps every logged entry in
``TrainerState.log_history`` and writes it to ``trainer_state.json`` in each
``checkpoint-<n>/`` of the output directory (and in the output directory itself when a script
calls ``trainer.save_state()``). :func:`find_state_file` accepts that file, a checkpoint
directory, or an output directory: there it takes the latest of the output directory's own
``trainer_state.json`` and the checkpoint with the largest step number (``checkpoint-1000``
after ``checkpoint-900``), comparing the own file's ``global_step`` with that number; the own
file wins a tie. (The own file is written only by ``save_state()``: after a re-run into the
same directory, or while a run goes on, a checkpoint can be newer.)

**What an entry holds.** ``Trainer.log`` adds ``step`` (and ``epoch``) to each entry.
``GRPOTrainer.log`` averages its ``_metrics`` since the last log and adds them, with an
``eval_`` prefix during evaluation. TRL 1.0 and later write ``None`` for a metric with no
valid value; earlier versions averaged with ``sum/len``, so one NaN made the mean NaN (a bare
``NaN`` in the JSON). Checked against TRL's source (github.com/huggingface/trl,
``trl/trainer/grpo_trainer.py`` at commit f2cd57710, after v1.9.0):

* ``completions/mean_length`` (line 2232), ``rewards/<f>/mean`` and ``rewards/<f>/std`` per
  reward function ``<f>`` (2743-2745), ``reward``, ``reward_std`` and ``frac_reward_zero_std``
  (2748-2750), ``kl`` only when the KL coefficient beta is not 0
  (2904, 3238; beta's default is 0.0 since v0.19.0, ``grpo_config.py``), ``entropy``
  (3240), ``clip_ratio`` and ``clip_ratio/low_mean``, ``/high_mean``, ``/region_mean``,
  ``/low_min``, ``/high_max`` (2905, 3247-3253); ``log`` itself at lines 3272-3291.
* The older names, up to v0.16: ``completion_length`` (v0.14.0 line 516, v0.16.0 line 849) and
  ``rewards/<f>`` with no ``/mean`` (v0.14.0 line 524, v0.16.0 line 859); v0.17.0 renamed them
  (``completions/mean_length`` at its line 1105, ``rewards/<f>/mean`` at 1124). They are read
  under the new names.
* ``trainer_state.json`` is written with ``json.dumps`` (transformers,
  ``TrainerState.save_to_json``), which writes a float NaN as a bare ``NaN``: read as missing,
  like ``null``.

A *training entry* is one with an integer ``step``, no ``eval_`` key, and at least one GRPO
metric: ``loss``, ``kl``, ``entropy``, ``clip_ratio...``, ``reward``, ``rewards/...`` or the
completion length. That skips the evaluation entries (their keys start with ``eval_``) and
the summary entry ``Trainer`` logs at the end (``train_runtime``, ``train_loss``,
``total_flos``, ...), unless that summary carries GRPO metrics of the steps after the last
log, which TRL adds when ``max_steps`` is not a multiple of ``logging_steps``: then it is the
last point. Every training entry gives one point of each curve, ``None`` where the entry lacks
the value or holds ``null`` or NaN: no entry is dropped, so all curves share ``steps``.

TRL records ``reward``, ``rewards/...`` and the length only when it *generates*, once every
``steps_per_generation * num_iterations`` micro-steps, while ``loss``, ``kl``, ``entropy`` and
``clip_ratio/...`` are recorded at every step. So with ``num_iterations`` > 1 (or
``steps_per_generation`` > ``gradient_accumulation_steps``) and a small ``logging_steps``, some
training entries hold no reward or length: they are kept, with ``None`` (gaps) in those
curves, and ``generated`` is False for them.

``kl`` is TRL's logged ``kl``: the k3 estimate exp(ref - logp) - (ref - logp) - 1 of
KL(pi_theta || pi_ref) per completion token (lines 3071-3073), the estimator chapter 02 shows,
averaged over the completion tokens (TRL 0.16 and later; 0.14-0.15 averaged each sequence's
tokens first, then the sequences; before 1.9 the token mean was taken per process, then
averaged over processes), then over the micro-steps since the last log. It is logged only when
beta != 0 (0.14-0.15 logged it at beta = 0 too). The tokens come from the policy that sampled
them: with ``num_iterations`` > 1 the estimate is off-policy.

**Completions.** With ``log_completions=True`` (off by default), TRL 0.28 and later write
``<output_dir>/completions/completions_<step>.parquet`` at every log (added in commit 035c3ff15,
PR #4818, first released in v0.28.0: lines 2173-2188 there, and 3311-3327 at f2cd57710), with
columns ``step``, ``prompt``, ``completion``, one per reward function, ``advantage`` (and, in
later versions, extra columns from ``log_extra``). A file holds the completions of the latest
generation batch (TRL keeps them in a deque of ``generation_batch_size``). Two kinds of step
get no reflective value (``None``): a step that also has an ``eval_`` entry, because the
evaluation that follows the log rewrites that step's file with the evaluation's completions
(TRL's ``log`` writes it in both modes, and the file cannot tell which); and a training entry
where TRL generated nothing new (``generated`` False), whose file repeats the previous batch.
We read ``step`` and ``completion``; rows whose step is not a training entry's are left out.
Reading them needs pyarrow (the ``trl`` extra), imported only when such files exist;
``completions=False`` skips them.

The reflective measure is ours: the paper's ten reflective words, counted by
:func:`.aha.count_reflective_words` (whole words, any case), per 1,000 words over all of a
step's completions together, a word being a run of letters, digits or underscores.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from . import aha

STATE_FILE = "trainer_state.json"
COMPLETIONS_DIR = "completions"
COMPLETION_COLUMNS = ("step", "completion")
INSTALL_HINT = 'pip install "r1widgets[trl]"'

_CHECKPOINT = re.compile(r"checkpoint-(\d+)")
_COMPLETIONS_FILE = re.compile(r"completions_(\d+)\.parquet")
_WORD = re.compile(r"\w+")
_LENGTH = "completions/mean_length"
_REWARD_FUNCTION = re.compile(r"rewards/([^/]+)/mean")
_GENERATED_KEYS = ("reward", _LENGTH)  # with rewards/<f>/mean: logged only when TRL generates
_GRPO_METRIC = re.compile(  # what marks a training entry (the summary has train_loss, no loss)
    r"loss|kl|entropy|clip_ratio(/.+)?|reward|rewards/.+|" + re.escape(_LENGTH)
)
_OPTIONAL = ("kl", "entropy", "frac_reward_zero_std")  # kept when any training entry logs them


def _text(path: Path | str) -> str:
    """A path as text that can always be sent as JSON (undecodable bytes become "?")."""
    return str(path).encode("utf-8", "replace").decode("utf-8")


def _fail(file: Path, what: str) -> ValueError:
    return ValueError(f"{_text(file)}: {what}")


def _global_step(file: Path) -> int | None:
    """``global_step`` of a ``trainer_state.json``, None when it cannot be read."""
    try:
        step = json.loads(file.read_text(encoding="utf-8")).get("global_step")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return None
    return step if isinstance(step, int) and not isinstance(step, bool) else None


def find_state_file(path: str | Path) -> Path:
    """The ``trainer_state.json`` that ``path`` names: the file itself, the one in a checkpoint
    directory, or, in an output directory, the latest of its own and the latest checkpoint's
    (by step number): the checkpoint when its number is larger than the own file's
    ``global_step``, else the own file (also when that cannot be read: reading it then gives the
    error). Raises ValueError naming the path when there is none."""
    path = Path(path).expanduser().absolute()
    if not path.exists():
        raise _fail(path, "no such file or directory")
    if path.is_file():
        return path
    own = path / STATE_FILE
    checkpoints = [
        (int(m.group(1)), child)
        for child in path.iterdir()
        if (m := _CHECKPOINT.fullmatch(child.name)) and (child / STATE_FILE).is_file()
    ]
    if own.is_file():
        step = _global_step(own) if checkpoints else None
        if step is None or step >= max(checkpoints)[0]:
            return own
    if not checkpoints:
        raise _fail(path, f"no {STATE_FILE} here nor in any checkpoint-<step> directory")
    return max(checkpoints)[1] / STATE_FILE


def _number(value: Any, file: Path, where: str, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(file, f"{where}: {key} is {json.dumps(value)[:40]}, not a number")
    value = float(value)
    return value if math.isfinite(value) else None


def _renamed(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry with TRL's older names under the new ones (a new name wins over an old one)."""
    out: dict[str, Any] = {}
    for key, value in entry.items():
        if key == "completion_length":
            out.setdefault(_LENGTH, value)
        elif key.startswith("rewards/") and key.count("/") == 1:
            out.setdefault(f"{key}/mean", value)
    for key, value in entry.items():
        if key != "completion_length" and not (key.startswith("rewards/") and key.count("/") == 1):
            out[key] = value
    return out


def _is_eval(entry: dict[str, Any]) -> bool:
    return any(k.startswith("eval_") for k in entry)


def _is_training(entry: dict[str, Any]) -> bool:
    """A step, no eval_ key, and a GRPO metric. The closing summary (train_runtime) passes only
    when TRL added the metrics of steps after the last log to it (see the module's note)."""
    if "step" not in entry or _is_eval(entry):
        return False
    return any(_GRPO_METRIC.fullmatch(k) for k in entry)


def _generated(entry: dict[str, Any]) -> bool:
    """Whether TRL generated completions for this entry: it logged a reward or a length."""
    return any(k in entry for k in _GENERATED_KEYS) or any(
        _REWARD_FUNCTION.fullmatch(k) for k in entry
    )


def read_log(file: str | Path) -> dict[str, Any]:
    """The training curves in a ``trainer_state.json``.

    Parameters
    ----------
    file : path to the file.

    Returns
    -------
    ``{"path", "name", "steps", "reward", "length", "rewards", "generated", "eval_steps"}``,
    plus ``kl``, ``entropy``, ``frac_reward_zero_std`` and ``clip_ratio`` when any training
    entry logs them: one value per training entry, in step order (``None`` where the entry
    lacks it). ``rewards`` and ``clip_ratio`` map each reward function, or each ``clip_ratio``
    key, to its list. ``generated`` says, per entry, whether TRL generated completions for it
    (False: no reward or length, as with ``num_iterations`` > 1). ``eval_steps`` lists the steps
    of the evaluation entries. ``name`` is the file's path from its run's output directory on
    (``my-run/checkpoint-40/trainer_state.json``): what the view shows, so that a published
    snapshot's page does not print the full local path.

    Raises
    ------
    ValueError naming the file: unreadable, not JSON, no ``log_history`` list, an entry that is
    not an object, a step that is not a whole number >= 0, a value that is not a number or
    null, or no training entry at all.
    """
    file = Path(file).expanduser().absolute()
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(file, f"cannot be read ({exc.__class__.__name__}: {exc})") from None
    try:
        state = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(file, f"not valid JSON ({exc})") from None
    if not isinstance(state, dict) or not isinstance(state.get("log_history"), list):
        raise _fail(file, "has no log_history list (is it a Trainer's trainer_state.json?)")

    entries = []
    eval_steps = set()
    for index, raw in enumerate(state["log_history"]):
        if not isinstance(raw, dict):
            raise _fail(file, f"log_history entry {index} is not an object")
        entry = _renamed(raw)
        if _is_eval(entry) and isinstance(entry.get("step"), int | float):
            eval_steps.add(entry["step"])  # 10.0 == 10: a float step matches its int
        if not _is_training(entry):
            continue
        step = entry["step"]
        if isinstance(step, float) and step.is_integer():
            step = int(step)
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            raise _fail(
                file,
                f"log_history entry {index}: step {json.dumps(step)[:40]} is not a whole "
                "number >= 0",
            )
        entries.append((step, index, entry))
    if not any(_generated(e) for _, _, e in entries):
        raise _fail(
            file,
            "log_history has no training entry with a reward or a completion length (is this "
            "a GRPOTrainer run?)",
        )
    entries.sort(key=lambda e: e[0])  # stable: entries at one step keep their order

    def curve(key: str) -> list[float | None]:
        return [_number(e.get(key), file, f"log_history entry {i}", key) for _, i, e in entries]

    def keys(pattern: re.Pattern[str]) -> list[str]:
        return sorted({k for _, _, e in entries for k in e if pattern.fullmatch(k)})

    base = _output_dir(file)
    run: dict[str, Any] = {
        "path": _text(file),
        "name": _text(file.relative_to(base.parent)) if base.parent != base else _text(file),
        "steps": [s for s, _, _ in entries],
        "reward": curve("reward"),
        "length": curve(_LENGTH),
        "rewards": {
            _text(_REWARD_FUNCTION.fullmatch(k).group(1)): curve(k) for k in keys(_REWARD_FUNCTION)
        },
    }
    run["generated"] = [_generated(e) for _, _, e in entries]
    run["eval_steps"] = sorted(eval_steps)
    for key in _OPTIONAL:
        if any(key in e for _, _, e in entries):
            run[key] = curve(key)
    clip = keys(re.compile(r"clip_ratio(/.+)?"))
    if clip:
        run["clip_ratio"] = {_text(k): curve(k) for k in clip}
    return run


def reflective_per_thousand(texts: list[str]) -> float | None:
    """The paper's ten reflective words per 1,000 words over all ``texts`` together, None when
    they hold no word. Words are runs of letters, digits or underscores."""
    words = sum(len(_WORD.findall(t)) for t in texts)
    if not words:
        return None
    found = sum(sum(aha.count_reflective_words(t).values()) for t in texts)
    return 1000.0 * found / words


def _parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return None
    return pq


def _output_dir(file: Path) -> Path:
    """The run's output directory: the checkpoint's parent for a checkpoint's file, else the
    file's own directory."""
    return file.parent.parent if _CHECKPOINT.fullmatch(file.parent.name) else file.parent


def read_completions(folder: str | Path, steps: list[int]) -> dict[int, list[str]]:
    """The completions TRL saved in ``folder`` (``completions_<step>.parquet``), grouped by
    their ``step`` column, for the given ``steps`` only. Empty when there are no such files
    (pyarrow is not needed then).

    Raises
    ------
    ValueError naming the file: pyarrow missing (with the extra to install), a file that is not
    parquet, a missing ``step`` or ``completion`` column, a step that is not an integer or a
    completion that is not text.
    """
    folder = Path(folder)
    files = sorted(
        (int(m.group(1)), f)
        for f in (folder.iterdir() if folder.is_dir() else ())
        if (m := _COMPLETIONS_FILE.fullmatch(f.name)) and f.is_file()
    )
    if not files:
        return {}
    pq = _parquet()
    if pq is None:
        raise _fail(
            files[0][1],
            "reading TRL's completions files needs pyarrow, which is not installed: "
            + INSTALL_HINT
            + " (or pass completions=False to load the curves without them)",
        )
    wanted = set(steps)
    out: dict[int, list[str]] = {}
    for _, file in files:
        try:
            names = pq.read_schema(file).names
        except Exception as exc:  # pyarrow raises its own ArrowInvalid, OSError, ...
            raise _fail(file, f"not a readable parquet file ({exc})") from None
        missing = [c for c in COMPLETION_COLUMNS if c not in names]
        if missing:
            raise _fail(
                file,
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"(TRL writes {', '.join(COMPLETION_COLUMNS)}; found {', '.join(names) or 'none'})",
            )
        try:
            columns = pq.read_table(file, columns=list(COMPLETION_COLUMNS)).to_pydict()
        except Exception as exc:
            raise _fail(file, f"not a readable parquet file ({exc})") from None
        for row, (step, completion) in enumerate(
            zip(columns["step"], columns["completion"], strict=True)
        ):
            if isinstance(step, bool) or not isinstance(step, int):
                raise _fail(file, f"row {row}: step {step!r:.40} is not an integer")
            if completion is None:
                continue
            if not isinstance(completion, str):
                raise _fail(file, f"row {row}: completion is {type(completion).__name__}, not text")
            if step in wanted:
                out.setdefault(step, []).append(completion)
    return out


def read_run(path: str | Path, completions: bool = True) -> dict[str, Any]:
    """Everything :class:`AhaTimeline` shows of a TRL GRPO run at ``path`` (an output
    directory, a checkpoint directory or a ``trainer_state.json``).

    Returns
    -------
    :func:`read_log`'s dict, and, when ``completions`` is true and the run's ``completions/``
    directory (beside the file, or beside its checkpoint directory) has files for logged steps:
    ``reflective`` (reflective words per 1,000 words at each step; None where there is no file,
    where the step also has an evaluation entry, or where TRL generated nothing new),
    ``completions`` (how many completions that value counts: 0 where it is None) and
    ``completions_dir``.

    Raises
    ------
    ValueError naming the file, for anything it cannot read: nothing is returned half-read.
    """
    file = find_state_file(path)
    run = read_log(file)
    if not completions:
        return run
    folder = _output_dir(file) / COMPLETIONS_DIR
    texts = read_completions(folder, run["steps"])
    if texts:
        # an evaluation rewrote the file at its step; an entry without generation repeats a batch
        left_out = set(run["eval_steps"])
        left_out |= {s for s, g in zip(run["steps"], run["generated"], strict=True) if not g}
        used = [[] if s in left_out else texts.get(s, []) for s in run["steps"]]
        run["reflective"] = [reflective_per_thousand(t) if t else None for t in used]
        run["completions"] = [len(t) for t in used]
        run["completions_dir"] = _text(folder)
    return run
