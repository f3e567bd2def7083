"""Reading a TRL GRPOTrainer run (core/trl_log.py) from files these tests write in each format
TRL has used: the numbers read are the numbers written, old key names land under the new ones,
evaluation and summary entries stay out, and every malformed input gets one ValueError that
names its file."""

import json
import math
import sys

import pytest

from r1widgets.core import aha, trl_log

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

# TRL >= 0.17 names (grpo_trainer.py: completions/mean_length, rewards/<f>/mean, reward, kl, ...)
NEW = [
    {
        "loss": 0.01,
        "grad_norm": 0.5,
        "learning_rate": 1e-6,
        "num_tokens": 5120.0,
        "completions/mean_length": 212.5,
        "completions/min_length": 40.0,
        "completions/max_length": 512.0,
        "completions/clipped_ratio": 0.0,
        "rewards/accuracy_reward/mean": 0.25,
        "rewards/accuracy_reward/std": 0.43,
        "rewards/format_reward/mean": 0.5,
        "rewards/format_reward/std": 0.5,
        "reward": 0.75,
        "reward_std": 0.6,
        "frac_reward_zero_std": 0.375,
        "kl": 0.0004,
        "entropy": 0.91,
        "clip_ratio/low_mean": 0.0,
        "clip_ratio/high_mean": 0.001,
        "clip_ratio/region_mean": 0.001,
        "epoch": 0.1,
        "step": 10,
    },
    {
        "loss": 0.02,
        "completions/mean_length": 305.0,
        "rewards/accuracy_reward/mean": 0.5,
        "rewards/format_reward/mean": 0.75,
        "reward": 1.25,
        "frac_reward_zero_std": 0.25,
        "kl": 0.0011,
        "entropy": 0.87,
        "clip_ratio/low_mean": 0.002,
        "clip_ratio/high_mean": 0.0,
        "clip_ratio/region_mean": 0.002,
        "epoch": 0.2,
        "step": 20,
    },
]
# TRL 0.14 to 0.16 names: completion_length, rewards/<f> (no /mean)
OLD = [
    {"loss": 0.0, "completion_length": 180.0, "rewards/accuracy_reward": 0.125, "reward": 0.125,
     "reward_std": 0.3, "kl": 0.0, "epoch": 0.05, "step": 5},
    {"loss": 0.001, "completion_length": 240.5, "rewards/accuracy_reward": 0.375, "reward": 0.375,
     "reward_std": 0.4, "kl": 0.002, "epoch": 0.1, "step": 10},
]  # fmt: skip
EVAL = {"eval_loss": 0.1, "eval_reward": 0.9, "eval_completions/mean_length": 99.0, "step": 20}
SUMMARY = {"train_runtime": 812.4, "train_samples_per_second": 1.2, "train_steps_per_second": 0.02,
           "total_flos": 0.0, "train_loss": 0.015, "epoch": 0.2, "step": 20}  # fmt: skip


def write_state(folder, log_history, **extra):
    """A trainer_state.json as transformers writes it (json.dumps: NaN stays a bare NaN)."""
    folder.mkdir(parents=True, exist_ok=True)
    state = {"global_step": 20, "log_history": log_history, **extra}
    (folder / "trainer_state.json").write_text(json.dumps(state, indent=2, sort_keys=True))
    return folder / "trainer_state.json"


def write_completions(output_dir, step, completions, columns=None):
    """completions/completions_<step:05d>.parquet with TRL's columns (step, prompt, completion,
    one per reward function, advantage), or ``columns`` in their place."""
    folder = output_dir / "completions"
    folder.mkdir(parents=True, exist_ok=True)
    n = len(completions)
    table = columns or {
        "step": [step] * n,
        "prompt": [f"question {i}" for i in range(n)],
        "completion": completions,
        "accuracy_reward": [1.0] * n,
        "advantage": [0.0] * n,
    }
    path = folder / f"completions_{step:05d}.parquet"
    pq.write_table(pa.table(table), path)
    return path


# --- reading the log ---------------------------------------------------------------------------


def test_new_key_names_read_as_written(tmp_path):
    run = trl_log.read_log(write_state(tmp_path, NEW))
    assert run["steps"] == [10, 20]
    assert run["reward"] == [0.75, 1.25]
    assert run["length"] == [212.5, 305.0]
    assert run["kl"] == [0.0004, 0.0011]
    assert run["entropy"] == [0.91, 0.87]
    assert run["frac_reward_zero_std"] == [0.375, 0.25]
    assert run["rewards"] == {"accuracy_reward": [0.25, 0.5], "format_reward": [0.5, 0.75]}
    assert run["clip_ratio"] == {
        "clip_ratio/high_mean": [0.001, 0.0],
        "clip_ratio/low_mean": [0.0, 0.002],
        "clip_ratio/region_mean": [0.001, 0.002],
    }
    assert run["path"] == str(tmp_path / "trainer_state.json")


def test_old_key_names_read_under_the_new_ones(tmp_path):
    run = trl_log.read_log(write_state(tmp_path, OLD))
    assert run["steps"] == [5, 10]
    assert run["length"] == [180.0, 240.5]
    assert run["rewards"] == {"accuracy_reward": [0.125, 0.375]}
    assert run["reward"] == [0.125, 0.375] and run["kl"] == [0.0, 0.002]
    assert "entropy" not in run and "clip_ratio" not in run


def test_a_new_name_wins_over_an_old_one_in_the_same_entry(tmp_path):
    entry = {"step": 1, "completion_length": 1.0, "completions/mean_length": 2.0,
             "rewards/f": 3.0, "rewards/f/mean": 4.0}  # fmt: skip
    run = trl_log.read_log(write_state(tmp_path, [entry]))
    assert run["length"] == [2.0] and run["rewards"] == {"f": [4.0]}


def test_without_kl_there_is_no_kl_curve(tmp_path):
    # TRL logs kl only when beta != 0 (its default beta has been 0.0 since v0.19)
    entries = [{k: v for k, v in e.items() if k != "kl"} for e in NEW]
    run = trl_log.read_log(write_state(tmp_path, entries))
    assert "kl" not in run and run["reward"] == [0.75, 1.25]


def test_eval_and_summary_entries_are_left_out(tmp_path):
    run = trl_log.read_log(write_state(tmp_path, [NEW[0], EVAL, NEW[1], EVAL, SUMMARY]))
    assert run["steps"] == [10, 20] and run["reward"] == [0.75, 1.25]
    assert run["length"] == [212.5, 305.0]


def test_an_entry_with_any_eval_key_is_an_evaluation_entry(tmp_path):
    # TRL prefixes every evaluation metric; an entry mixing both is still not a training point
    mixed = {"eval_loss": 0.2, "reward": 5.0, "completions/mean_length": 9.0, "step": 20}
    run = trl_log.read_log(write_state(tmp_path, [NEW[0], mixed]))
    assert run["steps"] == [10] and run["reward"] == [0.75]


def test_nulls_and_nans_are_missing_values_and_the_entry_stays(tmp_path):
    first = {**NEW[0], "reward": None, "kl": float("nan")}
    second = {**NEW[1], "completions/mean_length": float("inf")}
    file = write_state(tmp_path, [first, second])
    assert "NaN" in file.read_text() and "Infinity" in file.read_text()
    run = trl_log.read_log(file)
    assert run["steps"] == [10, 20]
    assert run["reward"] == [None, 1.25] and run["kl"] == [None, 0.0011]
    assert run["length"] == [212.5, None]
    json.dumps(run, allow_nan=False)  # sendable to the browser as it is


def test_an_entry_without_a_value_gets_none_in_that_curve(tmp_path):
    only_length = {"completions/mean_length": 50.0, "step": 30}
    run = trl_log.read_log(write_state(tmp_path, [*NEW, only_length]))
    assert run["steps"] == [10, 20, 30]
    assert run["reward"] == [0.75, 1.25, None] and run["length"] == [212.5, 305.0, 50.0]
    assert run["kl"] == [0.0004, 0.0011, None]


def test_entries_are_put_in_step_order(tmp_path):
    run = trl_log.read_log(write_state(tmp_path, [NEW[1], NEW[0]]))
    assert run["steps"] == [10, 20] and run["reward"] == [0.75, 1.25]


def _mu2(step, generated):
    """A TRL >= 1.0 entry with num_iterations = 2 and logging_steps = 1: kl, entropy and
    clip_ratio at every step, reward and length only where TRL generated (every 2nd step)."""
    entry = {"loss": 0.001, "kl": 0.001 * step, "entropy": 0.6, "clip_ratio/region_mean": 0.0,
             "step": step}  # fmt: skip
    if generated:
        entry |= {"reward": 0.1 * step, "rewards/acc/mean": 0.1 * step,
                  "completions/mean_length": 100.0 + step}  # fmt: skip
    return entry


def test_entries_where_trl_generated_nothing_are_kept_as_gaps(tmp_path):
    log = [_mu2(s, generated=s % 2 == 1) for s in range(1, 6)]
    run = trl_log.read_log(write_state(tmp_path, log))
    assert run["steps"] == [1, 2, 3, 4, 5]  # was [1, 3, 5]: kl lost its points at 2 and 4
    assert run["kl"] == [0.001, 0.002, 0.003, 0.004, 0.005]
    assert run["reward"] == [0.1, None, pytest.approx(0.3), None, 0.5]
    assert run["length"] == [101.0, None, 103.0, None, 105.0]
    assert run["rewards"] == {"acc": [0.1, None, pytest.approx(0.3), None, 0.5]}
    assert run["generated"] == [True, False, True, False, True]


def test_the_summary_counts_only_when_it_holds_metrics_of_the_last_steps(tmp_path):
    # max_steps 25, logging_steps 10: TRL adds the means of steps 21-25 to Trainer's summary
    last = {**SUMMARY, "reward": 1.5, "completions/mean_length": 320.0, "kl": 0.002, "step": 25}
    run = trl_log.read_log(write_state(tmp_path, [*NEW, last]))
    assert run["steps"] == [10, 20, 25] and run["reward"] == [0.75, 1.25, 1.5]
    run = trl_log.read_log(write_state(tmp_path, [*NEW, SUMMARY]))  # nothing left: skipped
    assert run["steps"] == [10, 20]


def test_a_plain_trainer_log_is_not_a_grpo_run(tmp_path):
    file = write_state(tmp_path, [{"loss": 0.5, "learning_rate": 1e-5, "step": 10}])
    with pytest.raises(ValueError, match=r"no training entry with a reward or a completion len"):
        trl_log.read_log(file)


def test_eval_steps_are_listed(tmp_path):
    run = trl_log.read_log(write_state(tmp_path, [NEW[0], EVAL, NEW[1], {**EVAL, "step": 30.0}]))
    assert run["eval_steps"] == [20, 30] and run["steps"] == [10, 20]


def test_integral_float_steps_are_steps(tmp_path):
    run = trl_log.read_log(write_state(tmp_path, [{**NEW[0], "step": 10.0}]))
    assert run["steps"] == [10] and isinstance(run["steps"][0], int)


# --- finding the file --------------------------------------------------------------------------


def test_an_output_dir_gives_its_latest_checkpoint_by_number_not_by_name(tmp_path):
    for step, reward in ((9, 0.1), (10, 0.2), (100, 0.3)):
        write_state(tmp_path / f"checkpoint-{step}", [{"reward": reward, "step": step}])
    (tmp_path / "checkpoint-999-old").mkdir()  # not a checkpoint name: ignored
    (tmp_path / "checkpoint-500").mkdir()  # no trainer_state.json: ignored
    # string order would take checkpoint-9
    assert max(p.name for p in tmp_path.glob("checkpoint-*") if p.name[-1].isdigit()) == (
        "checkpoint-9"
    )
    file = trl_log.find_state_file(tmp_path)
    assert file == tmp_path / "checkpoint-100" / "trainer_state.json"
    assert trl_log.read_run(tmp_path)["reward"] == [0.3]


def test_an_output_dirs_own_state_file_comes_first(tmp_path):
    write_state(tmp_path / "checkpoint-5", [{"reward": 0.1, "step": 5}])
    write_state(tmp_path, [{"reward": 0.1, "step": 5}, {"reward": 0.9, "step": 8}])
    assert trl_log.read_run(tmp_path)["steps"] == [5, 8]


def test_a_checkpoint_newer_than_the_output_dirs_own_file_wins(tmp_path):
    # the own file comes from save_state() of an earlier run into the same directory
    write_state(tmp_path, [{"reward": 0.1, "step": 5}], global_step=5)
    write_state(tmp_path / "checkpoint-8", [{"reward": 0.9, "step": 8}], global_step=8)
    assert trl_log.find_state_file(tmp_path) == tmp_path / "checkpoint-8" / "trainer_state.json"
    # on a tie the own file wins; an own file without a readable global_step is read (its error)
    write_state(tmp_path, [{"reward": 0.1, "step": 8}], global_step=8)
    assert trl_log.find_state_file(tmp_path) == tmp_path / "trainer_state.json"
    (tmp_path / "trainer_state.json").write_text("{")
    assert trl_log.find_state_file(tmp_path) == tmp_path / "trainer_state.json"


def test_the_name_shown_starts_at_the_output_dir(tmp_path):
    write_state(tmp_path / "my-run" / "checkpoint-20", NEW)
    run = trl_log.read_run(tmp_path / "my-run")
    assert run["name"] == "my-run/checkpoint-20/trainer_state.json"
    write_state(tmp_path / "other", NEW)
    assert trl_log.read_run(tmp_path / "other")["name"] == "other/trainer_state.json"


def test_a_checkpoint_dir_and_a_file_are_read_directly(tmp_path):
    write_state(tmp_path / "checkpoint-20", NEW)
    write_state(tmp_path / "checkpoint-30", [{"reward": 7.0, "step": 30}])
    assert trl_log.read_run(tmp_path / "checkpoint-20")["steps"] == [10, 20]
    file = tmp_path / "checkpoint-20" / "trainer_state.json"
    assert trl_log.read_run(file)["reward"] == [0.75, 1.25]
    assert trl_log.read_run(str(file))["path"] == str(file)


# --- completions -------------------------------------------------------------------------------


def test_reflective_words_per_thousand_words_by_hand():
    # "Wait, let me check that again." : 6 words, 2 reflective (wait, check)
    assert trl_log.reflective_per_thousand(["Wait, let me check that again."]) == 2000 / 6
    # pooled over the texts: (2 + 0 + 1) reflective words in (6 + 4 + 2) words
    texts = ["Wait, let me check that again.", "The answer is 24.", "but why"]
    assert trl_log.reflective_per_thousand(texts) == pytest.approx(1000 * 3 / 12)
    # whole words only (the detector's rule): await, checkout, butter do not count
    assert trl_log.reflective_per_thousand(["await checkout butter"]) == 0.0
    assert trl_log.reflective_per_thousand(["", "  ...  "]) is None
    assert trl_log.reflective_per_thousand([]) is None


def test_completions_give_reflective_words_per_logged_step(tmp_path):
    write_state(tmp_path / "checkpoint-20", [NEW[0], {**EVAL, "step": 15}, NEW[1], SUMMARY])
    write_completions(tmp_path, 10, ["The answer is 24.", "It is 24."])  # 7 words, none
    write_completions(tmp_path, 20, ["Wait, that is wrong. Let me verify: 24.", "24"])
    write_completions(tmp_path, 40, ["wait wait wait"])  # a step not in the log: left out
    run = trl_log.read_run(tmp_path)
    assert run["steps"] == [10, 20]
    # step 20: Wait, that, is, wrong, Let, me, verify, 24, 24 = 9 words; wait, wrong, verify = 3
    assert run["reflective"] == [0.0, pytest.approx(1000 * 3 / 9)]
    assert run["completions"] == [2, 2]
    assert run["completions_dir"] == str(tmp_path / "completions")
    by_detector = sum(
        aha.count_reflective_words("Wait, that is wrong. Let me verify: 24.").values()
    )
    assert by_detector == 3


def test_a_step_without_a_completions_file_has_none(tmp_path):
    write_state(tmp_path, NEW)
    write_completions(tmp_path, 20, ["but"])
    run = trl_log.read_run(tmp_path / "trainer_state.json")
    assert run["reflective"] == [None, 1000.0] and run["completions"] == [0, 1]


def test_no_reflective_value_where_an_evaluation_rewrote_the_file(tmp_path):
    # logging_steps = eval_steps = 20: the evaluation after the log rewrote completions_00020
    write_state(tmp_path, [NEW[0], NEW[1], EVAL])
    write_completions(tmp_path, 10, ["but"])
    write_completions(tmp_path, 20, ["wait wait"])
    run = trl_log.read_run(tmp_path)
    assert run["reflective"] == [1000.0, None] and run["completions"] == [1, 0]


def test_no_reflective_value_where_trl_generated_nothing(tmp_path):
    # num_iterations = 2: the file at step 2 repeats step 1's batch
    write_state(tmp_path, [_mu2(1, True), _mu2(2, False), _mu2(3, True)])
    for step in (1, 2):
        write_completions(tmp_path, step, ["wait"])
    write_completions(tmp_path, 3, ["no"])
    run = trl_log.read_run(tmp_path)
    assert run["reflective"] == [1000.0, None, 0.0] and run["completions"] == [1, 0, 1]


def test_null_completions_are_skipped(tmp_path):
    write_state(tmp_path, NEW)
    write_completions(tmp_path, 10, ["check", None])
    run = trl_log.read_run(tmp_path)
    assert run["reflective"] == [1000.0, None] and run["completions"] == [1, 0]


def test_no_completions_files_no_reflective_curve_and_no_pyarrow_needed(tmp_path, monkeypatch):
    write_state(tmp_path, NEW)
    (tmp_path / "completions").mkdir()
    (tmp_path / "completions" / "notes.txt").write_text("not a completions file")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    run = trl_log.read_run(tmp_path)
    assert "reflective" not in run and "completions" not in run


# --- malformed input: one ValueError that names the file --------------------------------------


def test_missing_path(tmp_path):
    with pytest.raises(ValueError, match=r"nothing-here: no such file or directory"):
        trl_log.read_run(tmp_path / "nothing-here")


def test_a_directory_without_a_state_file(tmp_path):
    (tmp_path / "checkpoint-3").mkdir()
    with pytest.raises(ValueError, match=r"no trainer_state\.json here nor in any checkpoint"):
        trl_log.read_run(tmp_path)


def test_bad_json(tmp_path):
    file = tmp_path / "trainer_state.json"
    file.write_text('{"log_history": [{"step": 1, "reward": 0.5},')
    with pytest.raises(ValueError, match=r"trainer_state\.json: not valid JSON \(.*line 1"):
        trl_log.read_run(file)


def test_a_file_that_is_not_text(tmp_path):
    file = tmp_path / "trainer_state.json"
    file.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ValueError, match=r"trainer_state\.json: cannot be read"):
        trl_log.read_run(file)


@pytest.mark.parametrize("state", [{"global_step": 3}, {"log_history": {"step": 1}}, [1, 2]])
def test_no_log_history_list(tmp_path, state):
    file = tmp_path / "trainer_state.json"
    file.write_text(json.dumps(state))
    with pytest.raises(ValueError, match=r"trainer_state\.json: has no log_history list"):
        trl_log.read_run(file)


@pytest.mark.parametrize(
    "log_history",
    [
        [],
        [EVAL, SUMMARY],  # no training entry at all
        [{k: v for k, v in NEW[0].items() if k != "step"}],  # a log with no step
        [{"loss": 0.5, "learning_rate": 1e-5, "step": 10}],  # not a GRPO log
    ],
)
def test_a_log_with_no_training_entry_with_a_step(tmp_path, log_history):
    file = write_state(tmp_path, log_history)
    with pytest.raises(ValueError, match=r"trainer_state\.json: log_history has no training entry"):
        trl_log.read_run(file)


@pytest.mark.parametrize("step", [-1, 2.5, "10", True, None])
def test_a_step_that_is_not_a_whole_number(tmp_path, step):
    file = write_state(tmp_path, [NEW[0], {**NEW[1], "step": step}])
    with pytest.raises(ValueError, match=r"trainer_state\.json: log_history entry 1: step"):
        trl_log.read_run(file)


@pytest.mark.parametrize("value", ["0.5", True, [0.5], {"mean": 0.5}])
def test_a_value_that_is_not_a_number(tmp_path, value):
    file = write_state(tmp_path, [NEW[0], {**NEW[1], "reward": value}])
    with pytest.raises(ValueError, match=r"log_history entry 1: reward is .*, not a number"):
        trl_log.read_run(file)


def test_an_entry_that_is_not_an_object(tmp_path):
    file = write_state(tmp_path, [NEW[0], 5])
    with pytest.raises(ValueError, match=r"log_history entry 1 is not an object"):
        trl_log.read_run(file)


def test_a_parquet_missing_a_column(tmp_path):
    write_state(tmp_path, NEW)
    write_completions(tmp_path, 10, [], {"step": [10], "prompt": ["q"], "text": ["wait"]})
    with pytest.raises(
        ValueError, match=r"completions_00010\.parquet: missing column completion \(TRL writes"
    ):
        trl_log.read_run(tmp_path)


def test_a_parquet_missing_both_columns(tmp_path):
    write_state(tmp_path, NEW)
    write_completions(tmp_path, 10, [], {"prompt": ["q"]})
    with pytest.raises(ValueError, match=r"missing columns step, completion"):
        trl_log.read_run(tmp_path)


def test_a_file_that_is_not_parquet(tmp_path):
    write_state(tmp_path, NEW)
    (tmp_path / "completions").mkdir()
    (tmp_path / "completions" / "completions_00010.parquet").write_text("not parquet")
    with pytest.raises(ValueError, match=r"completions_00010\.parquet: not a readable parquet"):
        trl_log.read_run(tmp_path)


def test_completions_that_are_not_text(tmp_path):
    write_state(tmp_path, NEW)
    write_completions(tmp_path, 10, [], {"step": [10], "completion": [3]})
    with pytest.raises(ValueError, match=r"row 0: completion is int, not text"):
        trl_log.read_run(tmp_path)


def test_without_pyarrow_the_error_names_the_extra(tmp_path, monkeypatch):
    write_state(tmp_path, NEW)
    write_completions(tmp_path, 10, ["wait"])
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ValueError) as info:
        trl_log.read_run(tmp_path)
    message = str(info.value)
    assert "completions_00010.parquet" in message and "pyarrow" in message
    assert 'pip install "r1widgets[trl]"' in message
    assert "completions=False" in message
    run = trl_log.read_run(tmp_path, completions=False)  # the curves, without the parquet files
    assert run["reward"] == [0.75, 1.25] and "reflective" not in run


def test_the_error_names_the_file_and_is_one_line(tmp_path):
    file = tmp_path / "run" / "trainer_state.json"
    file.parent.mkdir()
    file.write_text("{")
    with pytest.raises(ValueError) as info:
        trl_log.read_run(file)
    assert str(info.value).startswith(str(file) + ": ")
    assert info.value.__cause__ is None and "\n" not in str(info.value)


def test_reading_is_all_or_nothing_for_a_bad_late_file(tmp_path):
    # the first completions file is fine, the second is not: no partial result comes back
    write_state(tmp_path, NEW)
    write_completions(tmp_path, 10, ["wait"])
    write_completions(tmp_path, 20, [], {"step": [20], "prompt": ["q"]})
    with pytest.raises(ValueError, match="completions_00020"):
        trl_log.read_run(tmp_path)


def test_values_are_finite_or_none_everywhere(tmp_path):
    write_state(tmp_path, [{**NEW[0], "entropy": float("-inf")}, NEW[1]])
    run = trl_log.read_run(tmp_path)
    for key in ("reward", "length", "kl", "entropy", "frac_reward_zero_std"):
        assert all(v is None or math.isfinite(v) for v in run[key])
    assert run["entropy"] == [None, 0.87]
