"""The quiz's core: the shuffle is a permutation, fixed per seed, with the correct option spread
over the places; checking and scoring against hand-counted answers; a property over any valid
answers; and the bank's texts against the paper's numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets import paper
from r1widgets.core import quiz

SEEDS = [0, 1, 2, 7, 42, 12345, 2**31 - 1, 2**32 - 1]


# --- the shuffle ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [*SEEDS, *range(200)])
def test_every_order_is_a_permutation_of_the_options(seed):
    orders = quiz.shuffle_orders(seed)
    assert len(orders) == quiz.N_QUESTIONS == 8
    for order in orders:
        assert sorted(order) == list(range(quiz.N_OPTIONS))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_same_seed_gives_the_same_orders(seed):
    assert quiz.shuffle_orders(seed) == quiz.shuffle_orders(seed)


def test_different_seeds_give_different_orders():
    distinct = {tuple(map(tuple, quiz.shuffle_orders(s))) for s in range(100)}
    assert len(distinct) == 100


@pytest.mark.parametrize("seed", range(300))
def test_the_correct_option_sits_in_each_place_twice(seed):
    places = [quiz.correct_place(order) for order in quiz.shuffle_orders(seed)]
    assert sorted(places) == [0, 0, 1, 1, 2, 2, 3, 3]  # never always in one place


def test_seed_zero_keeps_a_fixed_shuffle_that_is_not_the_bank_order():
    orders = quiz.shuffle_orders(0)
    assert orders == quiz.shuffle_orders(0)
    assert any(order != [0, 1, 2, 3] for order in orders)


def test_the_correct_place_is_found_in_the_shown_order():
    for seed in SEEDS:
        for question, order in zip(quiz.QUESTIONS, quiz.shuffle_orders(seed), strict=True):
            shown = quiz.shown_options(question, order)
            assert shown[quiz.correct_place(order)] == question.correct
            assert sorted(shown) == sorted(question.options)


@pytest.mark.parametrize("seed", [-1, 1.5, "3", None, True])
def test_a_bad_seed_is_refused(seed):
    with pytest.raises(ValueError, match="non-negative integer"):
        quiz.shuffle_orders(seed)


# --- check and score, against hand-worked examples -------------------------------------------

ORDERS = [[2, 0, 1, 3], [0, 1, 2, 3], [3, 2, 1, 0], [1, 2, 0, 3]]


def test_check_by_hand():
    assert quiz.check([2, 0, 1, 3], 1) is True  # place 1 shows bank 0, the correct option
    assert quiz.check([2, 0, 1, 3], 0) is False
    assert quiz.check([2, 0, 1, 3], -1) is None
    with pytest.raises(ValueError):
        quiz.check([2, 0, 1, 3], 4)
    with pytest.raises(ValueError):
        quiz.check([2, 0, 1, 3], -2)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([-1, -1, -1, -1], 0),
        ([1, 0, 3, 2], 4),  # all right, counted by hand from ORDERS
        ([0, 1, 2, 3], 0),  # all wrong
        ([1, -1, 0, 2], 2),  # right, blank, wrong, right
        ([3, 0, 3, -1], 2),
    ],
)
def test_score_equals_the_hand_count(answers, expected):
    assert quiz.score(ORDERS, answers) == expected


def test_score_refuses_a_list_of_the_wrong_length():
    with pytest.raises(ValueError):
        quiz.score(ORDERS, [0, 0, 0])


def test_choosing_the_same_place_everywhere_scores_a_quarter():
    for seed in SEEDS:
        orders = quiz.shuffle_orders(seed)
        for place in range(quiz.N_OPTIONS):
            assert quiz.score(orders, [place] * quiz.N_QUESTIONS) == 2


@given(
    seed=st.integers(0, 2**32 - 1),
    answers=st.lists(st.integers(-1, 3), min_size=8, max_size=8),
)
def test_score_is_between_zero_and_the_number_of_questions(seed, answers):
    orders = quiz.shuffle_orders(seed)
    total = quiz.score(orders, answers)
    assert 0 <= total <= quiz.N_QUESTIONS
    # and it is the count of answers naming the correct place, found independently
    assert total == sum(a == o.index(0) for a, o in zip(answers, orders, strict=True))


@given(seed=st.integers(0, 2**32 - 1), new=st.integers(0, 2**32 - 1), data=st.data())
def test_a_new_seed_keeps_each_chosen_option(seed, new, data):
    answers = data.draw(st.lists(st.integers(-1, 3), min_size=8, max_size=8))
    old, fresh = quiz.shuffle_orders(seed), quiz.shuffle_orders(new)
    moved = quiz.remap_answers(old, fresh, answers)
    for a, m, o, f in zip(answers, moved, old, fresh, strict=True):
        assert (a == -1) == (m == -1)
        if a != -1:
            assert f[m] == o[a]  # the same bank option, in its new place
    assert quiz.score(fresh, moved) == quiz.score(old, answers)


# --- the bank ---------------------------------------------------------------------------------


def test_the_bank_has_eight_questions_with_four_distinct_options_each():
    assert len(quiz.QUESTIONS) == 8
    assert len({q.id for q in quiz.QUESTIONS}) == 8
    for q in quiz.QUESTIONS:
        assert len(q.options) == 4 and len(set(q.options)) == 4
        assert q.stem and q.explanation and q.correct
        assert q.facts  # every explanation rests on a published value


# "Always pick the longest option" must not be a strategy: the right option used to be the
# longest everywhere (up to twice the distractors' length), which scored 8 of 8.
def _lengths(q: quiz.Question) -> tuple[int, list[int]]:
    return len(q.correct), [len(d) for d in q.distractors]


def test_the_right_option_is_the_longest_in_at_most_three_questions():
    longest = [q.id for q in quiz.QUESTIONS if _lengths(q)[0] >= max(_lengths(q)[1])]  # ties count
    assert len(longest) <= 3, longest


def test_the_right_option_is_about_as_long_as_the_distractors():
    ratios = []
    for q in quiz.QUESTIONS:
        right, wrong = _lengths(q)
        assert 0.75 * min(wrong) <= right <= 1.25 * max(wrong), (q.id, right, wrong)
        ratios.append(right / (sum(wrong) / len(wrong)))
    assert 0.85 <= sum(ratios) / len(ratios) <= 1.15, ratios


@pytest.mark.parametrize("seed", SEEDS)
def test_picking_the_longest_shown_option_scores_at_most_three(seed):
    orders = quiz.shuffle_orders(seed)
    picks = []
    for question, order in zip(quiz.QUESTIONS, orders, strict=True):
        shown = [len(t) for t in quiz.shown_options(question, order)]
        picks.append(shown.index(max(shown)))
    assert quiz.score(orders, picks) <= 3


def test_the_texts_name_the_seed_article_one_way_and_have_no_stray_spaces():
    for q in quiz.QUESTIONS:
        for text in (q.stem, q.correct, *q.distractors, q.explanation):
            assert "  " not in text and text == text.strip(), (q.id, text)
            assert "article this course" not in text and "walkthrough article" not in text
    said = [q.id for q in quiz.QUESTIONS if "seed article" in q.explanation]
    assert said == ["r1_vs_zero", "kl_penalty"]


def test_every_revisit_chapter_is_one_of_the_sixteen():
    assert [q.revisit for q in quiz.QUESTIONS] == [1, 2, 4, 14, 16, 15, 11, 5]


def test_every_fact_is_a_published_value_from_paper_py():
    index: dict[str, list] = {}

    def walk(obj):
        if isinstance(obj, paper.Sourced):
            index.setdefault(obj.source, []).append(obj.value)
        elif isinstance(obj, dict):
            for v in obj.values():
                walk(v)
        elif isinstance(obj, list | tuple):
            for v in obj:
                walk(v)

    for name, obj in vars(paper).items():
        if not name.startswith("_"):
            walk(obj)
    for q in quiz.QUESTIONS:
        for fact in q.facts:
            assert fact.sourced.value in index[fact.sourced.source], fact.label


def test_each_fact_is_written_where_the_question_uses_it():
    for q in quiz.QUESTIONS:
        text = " ".join([q.stem, *q.options, q.explanation])
        for fact in q.facts:
            assert fact.text.removeprefix("about ") in text, (q.id, fact.label)


# Typed here from paper-data.md (not read from paper.py), so a wrong number in the bank fails.
def test_r1_against_r1_zero_follows_nature_table_2():
    q = next(q for q in quiz.QUESTIONS if q.id == "r1_vs_zero")
    assert "1–3%" not in q.explanation and "1-3%" not in q.explanation
    assert "15 of 21 benchmarks" in q.explanation and "ahead on 6" in q.explanation
    assert "GPQA Diamond (75.8 against 71.5)" in q.explanation
    assert "CNMO 2024 (88.1 against 78.8)" in q.explanation
    assert "AIME 2024 79.8 against 77.9" in q.explanation
    assert "four-stage" in q.correct and "leads on most benchmarks, not all" in q.correct


def test_the_kl_question_gives_r1s_small_beta():
    q = next(q for q in quiz.QUESTIONS if q.id == "kl_penalty")
    assert "β = 0.001" in q.explanation and "every 400 steps" in q.explanation
    assert "DeepSeekMath used 0.04" in q.explanation


def test_the_sft_question_gives_the_paper_sizes():
    q = next(q for q in quiz.QUESTIONS if q.id == "two_sft_stages")
    assert "thousands of readable long reasoning examples" in q.correct
    assert "about 800k samples" in q.correct
    for size in ("about 600k reasoning", "about 200k non-reasoning"):
        assert size in q.explanation
    # stage 3 restarts from the base model, not from the stage-2 RL checkpoint
    assert "Stage 1 tunes DeepSeek-V3-Base" in q.correct and "tunes it afresh" in q.correct
    assert "starts over from the base model, not the RL model" in q.explanation


def test_the_aha_question_names_the_later_work():
    q = next(q for q in quiz.QUESTIONS if q.id == "aha")
    assert "Wait, wait. Wait. That's an aha moment I can flag here." in q.explanation
    assert "base models before any RL" in q.explanation


def test_the_moe_question_uses_the_v3_sizes():
    q = next(q for q in quiz.QUESTIONS if q.id == "moe_params")
    assert "671B parameters in total but about 37B active" in q.stem
    assert "5.5%" in q.explanation and "our division" in q.explanation


def test_the_scaling_question_calls_no_published_curve():
    q = next(q for q in quiz.QUESTIONS if q.id == "inference_scaling")
    assert "77.9% to 86.7%" in q.explanation and "illustrative" in q.explanation
    assert "about 550 tokens at step 0" in q.explanation
    # the same 86.7% is also v1's cons@64 (chapter 16's row): named, with its other pass@1
    assert (
        "arXiv v1 Table 2 reports the same 86.7% as cons@64, from a pass@1 of 71.0% on its "
        "shorter run" in q.explanation
    )
    # our own words, not the seed article's ("more parameters, more data")
    assert "more parameters" not in q.explanation and "more data" not in q.explanation


def test_the_r1_question_credits_rules_only_to_its_reasoning_rl():
    q = next(q for q in quiz.QUESTIONS if q.id == "r1_vs_zero")
    # stage 3 used DeepSeek-V3 as a judge and stage 4 a safety reward model on the whole
    # response: rules scored R1's reasoning RL only (paper-data §1.4, §3.8)
    assert "still scored by rules" not in q.explanation
    assert "reasoning RL still used rule-based rewards for maths, code and logic" in q.explanation
    assert "no process reward model graded its steps" in q.explanation
