"""The ordered registry of chapters, with the walkthrough's captions (our own words)."""

from __future__ import annotations

from dataclasses import dataclass

from ._base import ChapterWidget
from .chapters.grpo_loss import GRPOLoss
from .chapters.grpo_simulator import GRPOSimulator
from .chapters.reward_checker import RewardChecker
from .chapters.reward_hacking import RewardHacking
from .chapters.sft_vs_rl import SFTvsRL
from .chapters.token_update import TokenUpdate
from .chapters.trust_region import TrustRegion


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
    Chapter(
        9,
        "grpo_simulator",
        GRPOSimulator,
        "GRPO, run for fifty steps",
        "A toy policy chooses among four ways of attacking a problem, each with a success rate "
        "it never gets to see. Every step it samples a group, rewards the right answers, and "
        "shifts probability toward whatever beat the group's average. Press Play to watch it "
        "find the strategy that pays; in Python, sweep() runs a thousand seeds at once and "
        "counts how often a learning rate locks onto a wrong strategy.",
    ),
    Chapter(
        10,
        "token_update",
        TokenUpdate,
        "One gradient step, token by token",
        "The advantage of a whole answer is shared by every token in it. At each position the "
        "sampled token's logit rises by η·A·(1 − p) and each of its rivals falls by η·A·p, so a "
        "positive advantage makes the entire response likelier and a negative one rarer. Draw "
        "a rollout, choose the advantage, and see each position shift before committing it.",
    ),
    Chapter(
        11,
        "trust_region",
        TrustRegion,
        "A leash on the policy: the KL term",
        "Chasing reward alone would drive the policy into the best corner. The β·KL term bills "
        "every step away from the reference model, so the best policy becomes a compromise, "
        "π* ∝ πref·exp(R/β). Drag the point across the triangle, then move β from R1's 0.001 up "
        "to 2 and watch the optimum slide from the best corner back to the reference.",
    ),
    Chapter(
        12,
        "reward_hacking",
        RewardHacking,
        "Why R1 graded with rules",
        "A learned reward model judges how reasoning looks; a rule checks what it concludes. "
        "Switch on padding, confident filler, fake checks, restating or hedging: each one lifts "
        "our small illustrative reward model, while the rule-based reward for a wrong answer "
        "stays at zero. That gap is the reason R1's reasoning RL used rule-based rewards.",
    ),
)
