"""The ordered registry of chapters, with the walkthrough's captions (our own words)."""

from __future__ import annotations

from dataclasses import dataclass

from ._base import ChapterWidget
from .chapters.grpo_loss import GRPOLoss


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
)
