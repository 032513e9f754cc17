"""Dense sentence features for the learned coder: a static embedding model (model2vec).

A sentence's embedding is the mean of its tokens' rows in a table distilled locally from
all-MiniLM-L6-v2 (`tools/build_embedder.py`; shipped under `data/models/minilm-static/`).
The TF-IDF n-grams know the words of the training corpus; the embedding also places words
the corpus never used near the ones it did ("torched" near "burned"), which holds the model
up on text unlike its training reports. A lookup and a mean: numpy only, no torch.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from ..data_files import data_path

EMBEDDER = "models/minilm-static"  # under data/


@cache
def static_model(path: str | None = None) -> Any:
    """The static embedding model at `path` (default: the shipped one), loaded once per process."""
    from model2vec import StaticModel

    return StaticModel.from_pretrained(str(path or data_path(EMBEDDER)))


class DenseFeatures(TransformerMixin, BaseEstimator):
    """A scikit-learn transformer: unit-length sentence embeddings times `weight`.

    Pickled with a model it keeps only its settings, not the table: the table is read from
    `path` (None: the shipped one) when the model first transforms text.
    """

    def __init__(self, path: str | None = None, weight: float = 0.5):
        self.path = path
        self.weight = weight

    def fit(self, texts: Iterable[str], y: Any = None) -> DenseFeatures:
        return self

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        x = np.asarray(static_model(self.path).encode(list(texts)), dtype=np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
        return sparse.csr_matrix(x * self.weight)
