"""Loading the spaCy model and turning text into ``Doc`` objects (the nlp stage)."""

from .model import ModelInfo, load_model, model_info

__all__ = ["ModelInfo", "load_model", "model_info"]
