"""r1widgets: Jupyter widgets that teach the DeepSeek-R1 paper chapter by chapter."""

from .chapters.grpo_loss import GRPOLoss
from .chapters.reward_checker import RewardChecker
from .chapters.sft_vs_rl import SFTvsRL
from .registry import CHAPTERS, Chapter
from .walkthrough import Walkthrough

__all__ = ["CHAPTERS", "Chapter", "GRPOLoss", "RewardChecker", "SFTvsRL", "Walkthrough"]
__version__ = "0.1.0"
