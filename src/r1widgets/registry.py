"""The ordered registry of chapters, with the walkthrough's captions (our own words)."""

from __future__ import annotations

from dataclasses import dataclass

from . import paper
from ._base import ChapterWidget
from .chapters.aha_timeline import AhaTimeline
from .chapters.distill_ablation import DistillAblation
from .chapters.failed_approaches import FailedApproaches
from .chapters.grpo_loss import GRPOLoss
from .chapters.grpo_simulator import GRPOSimulator
from .chapters.inference_scaling import InferenceScaling
from .chapters.language_consistency import LanguageConsistency
from .chapters.moe_router import MoERouter
from .chapters.quiz import Quiz
from .chapters.r1_pipeline import R1Pipeline
from .chapters.r1_vs_r1_zero import R1vsR1Zero
from .chapters.reward_checker import RewardChecker
from .chapters.reward_hacking import RewardHacking
from .chapters.sft_vs_rl import SFTvsRL
from .chapters.system_map import SystemMap
from .chapters.tiny_r1zero import TinyR1Zero
from .chapters.token_update import TokenUpdate
from .chapters.trust_region import TrustRegion

_R1_BETA = paper.R1_FIRST_RL_STAGE["kl_beta"].value


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
        "Copy an answer, or learn from a grade",
        "Supervised fine-tuning hands the model one worked answer and asks it to copy every "
        "token. Reinforcement learning lets the model try several answers of its own and only "
        "says which ones ended right. The toy policy below is the same in both modes: switch "
        "between them and compare which reasoning paths gain probability after one step.",
    ),
    Chapter(
        2,
        "grpo_loss",
        GRPOLoss,
        "GRPO: each answer judged against its own group",
        "PPO (Proximal Policy Optimization) trains a second network to estimate how good each "
        "state is. GRPO (Group Relative Policy Optimization, introduced in DeepSeekMath, 2024) "
        "drops it: sample a group of answers to one prompt, score them, and compare each with "
        "the rest of its group. An answer's advantage is its reward minus the group mean, over "
        "the group's spread. Move rewards and ratios to see what the clip holds back and what "
        "the KL term costs; switch the loss to see how Dr. GRPO and DAPO weigh long answers.",
    ),
    Chapter(
        3,
        "reward_checker",
        RewardChecker,
        "R1's reasoning reward: a few rules, not a model",
        "In its reasoning RL, R1 was scored by checks a program can run, not by a learned "
        "model. R1-Zero earned an accuracy reward when its final answer matched the known one, "
        "and a format reward for keeping its reasoning inside <think> tags (our format rule "
        "also asks for the template's <answer> block). R1 added a language-consistency reward. "
        "In RL, learned reward models came in only at R1's last stage, for general prompts. "
        "Edit the response and see which rule gives or withholds each point.",
    ),
    Chapter(
        4,
        "aha_timeline",
        AhaTimeline,
        "Longer answers and second thoughts, from reward alone",
        "R1-Zero was rewarded only for right answers in the right format, yet over its RL steps "
        "its answers grew longer and its accuracy on AIME rose. Move along the timeline "
        "to read the paper's curves, and see an illustrative rollout of ours for each stage, "
        "with words of checking and second thoughts marked. The paper calls one such second "
        'thought an "aha moment"; later work found these words in base models before any RL, '
        "so read this as a trend the reward favoured, not a moment of birth.",
    ),
    Chapter(
        5,
        "r1_pipeline",
        R1Pipeline,
        "From R1-Zero to R1: four training stages",
        "R1-Zero could reason but was hard to read. R1 was built in four stages on the same base "
        "model: a short supervised warm-up on readable examples, reasoning RL, a large "
        "supervised pass on answers sampled from that RL model plus general data, and a last RL "
        "stage for every "
        "kind of prompt. Step through the stages and compare each checkpoint's published score. "
        "Watch stage 3: it trains the base model again, not the RL model.",
    ),
    Chapter(
        6,
        "distill_ablation",
        DistillAblation,
        "Teach a small model, or train it with RL?",
        "Small models can learn to reason by fine-tuning on the worked answers of R1's pipeline "
        "(its stage-3 set, about 800k), with no RL at all. "
        "The paper tried the other road too: RL run directly on a 32B base model for over ten "
        "thousand steps. Compare the two on five benchmarks, then see how the six distilled "
        "models, from 1.5B to 70B parameters, stand against OpenAI's o1-mini and GPT-4o.",
    ),
    Chapter(
        7,
        "failed_approaches",
        FailedApproaches,
        "What did not work: a step-by-step grader and tree search",
        "Early in developing R1, the team also tried a process reward model (PRM), a learned "
        "scorer of each reasoning step, and Monte Carlo tree search (MCTS) over partial "
        "answers. The paper reports both fell short and says why. Read each card, then size "
        "the tree a search over tokens faces: set its branching, depth and a cap on children "
        "per node, and see how small a share of it the capped search can ever reach.",
    ),
    Chapter(
        8,
        "system_map",
        SystemMap,
        "The whole system: twelve parts and what each is built from",
        "Base model, data, training steps and released models, drawn as one dependency map. "
        "Pick a component by mouse or keyboard and the kernel walks the arrows both ways: "
        "everything it is built from and everything built from it. Note the arrow that runs "
        "backwards: R1-Zero, an output, supplied part of the cold-start data that R1 began from.",
    ),
    Chapter(
        9,
        "grpo_simulator",
        GRPOSimulator,
        "GRPO, run for fifty steps",
        "A toy policy picks among four ways of attacking a problem, each with a success rate "
        "it never sees. Each step samples a group, rewards the right answers and shifts "
        "probability toward whatever beat the group's average. Press Play for fifty steps and "
        "see where it settles. Then push the learning rate to its top, shrink the group and "
        "try a few seeds: some runs lock onto a strategy that is not the best. From Python, "
        "sweep() runs a thousand seeds and counts how often that happens.",
    ),
    Chapter(
        10,
        "token_update",
        TokenUpdate,
        "How one scored answer moves every token",
        "A whole answer gets one advantage A, shared by every token in it. At each position "
        "the sampled token's logit (the score behind its probability) rises by η·A·(1 − p), "
        "and each rival i falls by η·A·pᵢ, its own probability: a positive advantage makes the "
        "whole response likelier, a negative one rarer. By default A comes from chapter 02's "
        "group rule, so a wrong answer is pushed down; a hand-set A overrides the reward. Draw "
        "a rollout and watch each position shift.",
    ),
    Chapter(
        11,
        "trust_region",
        TrustRegion,
        "A leash on the policy: the KL term",
        "Left to reward alone, the policy would pile all its probability on the best action. "
        "The β·KL term is a soft penalty, not a wall: it charges for every nat of drift "
        "from the reference model πref, so the best policy becomes a compromise, "
        "π* ∝ πref·exp(R/β). (GRPO's stand-in for a per-update trust region is a separate "
        "device, PPO's ratio clip against πold.) Drag the point, then move β from R1's "
        f"{_R1_BETA:g} up to 2 and watch the optimum slide from the best action's corner back "
        "toward πref.",
    ),
    Chapter(
        12,
        "reward_hacking",
        RewardHacking,
        "Why R1 graded its reasoning with rules",
        "A learned reward model can end up rewarding what an answer looks like; a rule checks "
        "only what it concludes. Switch on padding, confident filler, fake checks, restating or "
        "hedging: each lifts our toy outcome reward model (hand-set weights standing in for a "
        "learned one), yet none makes a wrong answer right under the accuracy rule. The paper "
        "names this risk, reward hacking, together with the cost and complexity of retraining "
        "a reward model, as why R1's reasoning RL used rules.",
    ),
    Chapter(
        13,
        "language_consistency",
        LanguageConsistency,
        "One language per chain of thought, at a small price",
        "R1-Zero's reasoning drifted between English and Chinese. R1 added a reward for the "
        "share of its reasoning written in one target language. Raise the weight λ "
        "and watch an illustrative trace of ours mix less, scored by chapter 03's rule. The "
        "paper states no λ; its main text reports only a slight cost, and its supplementary "
        "ablation reports maths steady, coding slightly worse. The curves illustrate that "
        "trade; they are not measurements.",
    ),
    Chapter(
        14,
        "r1_vs_r1_zero",
        R1vsR1Zero,
        "R1-Zero and R1, side by side",
        "The same question answered in two styles, both texts written by us: R1-Zero's, crammed "
        "onto few lines and mixing English with Chinese inside its template tags, and R1's, "
        "reasoning in one language followed by a summary. Mark length, language mix, format or "
        "structure and compare what the kernel measures in each. Then pick a benchmark: R1 is "
        "easier to read, yet on a few of Nature's benchmarks R1-Zero scores higher.",
    ),
    Chapter(
        15,
        "moe_router",
        MoERouter,
        "671B parameters, 37B at work: the mixture-of-experts router",
        "R1 inherits DeepSeek-V3's body: in most layers, hundreds of small expert networks, of "
        "which a router wakes only a few for each token. Click a word and follow V3's exact "
        "rule: sigmoid scores, the best groups kept, eight experts chosen, their gates scaled. "
        "Balance the load with a bias that changes who is chosen but never a gate, then count "
        "the parameters to see how 671B in total become about 37B per token.",
    ),
    Chapter(
        16,
        "inference_scaling",
        InferenceScaling,
        "Thinking longer at test time: a second way to scale",
        "Bigger models and more training data are one way to buy accuracy. A reasoning model "
        "offers another with its weights fixed: let it think longer on each question, or sample "
        "many answers and take a vote. Slide the thinking budget to see what it costs in "
        "seconds and tokens on our illustrative curves, then compare them with what the paper "
        "actually measured: majority voting over 64 samples, and answers that grew longer "
        "during RL.",
    ),
    Chapter(
        17,
        "tiny_r1zero",
        TinyR1Zero,
        "Lab: train a tiny R1-Zero and watch it learn to think longer",
        "So far the widgets replayed the paper; here you run its recipe. GRPO trains a small "
        "table policy of ours, in this kernel, to add a few digits mod 10, graded by a rule as "
        "R1-Zero's answers were: 1 for the right answer, 0 otherwise, nothing for length. "
        "Press Train and watch accuracy and the length of its scratchpad rise together. Then "
        "turn off the pretrained prior, or let the answer step see the sum, and see how each "
        "change alters the effect.",
    ),
    Chapter(
        18,
        "quiz",
        Quiz,
        "Check yourself: eight questions on the paper",
        "Eight multiple-choice questions, one for each big idea of the course: what R1-Zero "
        "showed, how GRPO does without a critic, the aha moment, R1 against R1-Zero, "
        "inference-time scaling, total and active parameters, the KL penalty and the two "
        "supervised stages. Choose an option and press Check answer: the kernel checks it, "
        "explains it in our words with the paper's numbers and their sources, and names the "
        "chapter to revisit. Your first checked answer counts. A seed shuffles the options.",
    ),
)
