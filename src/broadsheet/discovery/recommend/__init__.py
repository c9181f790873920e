"""Recommended articles: the engine, editorial signals and the page's three lists."""

from .editorial import Action, EditorialRule, apply_editorial
from .engine import Recommender, RecommenderConfig, as_epoch_seconds
from .page import assemble_page_lists

__all__ = ["Action", "EditorialRule", "Recommender", "RecommenderConfig", "apply_editorial",
           "as_epoch_seconds", "assemble_page_lists"]
