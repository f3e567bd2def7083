"""The ordered registry of chapters, with the walkthrough's captions (our own words)."""

from __future__ import annotations

from dataclasses import dataclass

from ._base import ChapterWidget
from .chapters.grpo_loss import GRPOLoss
from .chapters.reward_checker import RewardChecker
from .chapters.sft_vs_rl import SFTvsRL


@dataclass(frozen=True)
class Chapter:
    """A chapter of the walkthrough: its number, widget class, title and caption."""

    number: int
    slug: str
    widget: type[ChapterWidget]
    title: str
    caption: str


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(
        1,
        "sft_vs_rl",
        SFTvsRL,
        "Imitate, or explore and get graded",
        "Supervised fine-tuning hands the model one worked answer and asks it to copy every "
        "token. Reinforcement learning lets the model try several answers of its own and only "
        "says which ones ended right. The toy policy below is the same in both modes: switch "
        "between them and compare which reasoning paths gain probability after one step.",
    ),
    Chapter(
        2,
        "grpo_loss",
        GRPOLoss,
        "GRPO: the group is the baseline",
        "PPO trains a value network to say how good a state is. GRPO drops it: sample a group "
        "of answers to one prompt, score them, and judge each answer against its own group. An "
        "answer's advantage is how far its reward sits above the group mean, in units of the "
        "group's spread. Move the rewards and ratios below and watch which rollouts the clip "
        "silences and how much the KL term costs.",
    ),
    Chapter(
        3,
        "reward_checker",
        RewardChecker,
        "The reward is a few rules, not a model",
        "R1's training signal comes from plain checks a program can run: are the thinking and "
        "answer tags where the template puts them, does the final answer equal the known one, "
        "and does the reasoning stay in one language. Edit the response and see which rule "
        "gives or withholds each point, and exactly which characters were read as the answer.",
    ),
)
