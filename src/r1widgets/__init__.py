"""r1widgets: Jupyter widgets that teach the DeepSeek-R1 paper chapter by chapter."""

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
from .export import export_html
from .registry import CHAPTERS, Chapter
from .walkthrough import Walkthrough

__all__ = [
    "CHAPTERS",
    "Chapter",
    "GRPOLoss",
    "GRPOSimulator",
    "RewardChecker",
    "RewardHacking",
    "SFTvsRL",
    "TokenUpdate",
    "TrustRegion",
    "Walkthrough",
    "AhaTimeline",
    "R1Pipeline",
    "DistillAblation",
    "FailedApproaches",
    "SystemMap",
    "LanguageConsistency",
    "R1vsR1Zero",
    "MoERouter",
    "InferenceScaling",
    "TinyR1Zero",
    "Quiz",
    "export_html",
]
__version__ = "0.1.0"
