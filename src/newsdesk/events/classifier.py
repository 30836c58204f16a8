"""A linear classifier over hashed string features, evaluated with numpy.

Trained by ``training/train_events.py`` (scikit-learn's logistic regression) and shipped as
``data/models/*.npz``: the label names, a bias per label, and one weight column per feature
seen in training, keyed by the feature's CRC-32 hash. Inference needs only numpy, is
deterministic, and does not depend on the scikit-learn version that trained it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from newsdesk.errors import ModelError

HASH_BITS = 20
_MASK = (1 << HASH_BITS) - 1


def feature_hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & _MASK


@dataclass(frozen=True)
class LinearModel:
    labels: tuple[str, ...]
    bias: np.ndarray  # (n_labels,)
    weights: np.ndarray  # (n_labels, n_columns)
    columns: dict[int, int]  # feature hash -> column
    meta: dict[str, str]

    def scores(self, rows: Sequence[Iterable[str]]) -> np.ndarray:
        """Class probabilities, one row per feature list."""
        out = np.empty((len(rows), len(self.labels)), dtype=np.float64)
        for i, features in enumerate(rows):
            cols = [c for f in features if (c := self.columns.get(feature_hash(f))) is not None]
            logits = self.bias + (self.weights[:, cols].sum(axis=1) if cols else 0.0)
            logits = logits - logits.max()
            exp = np.exp(logits)
            out[i] = exp / exp.sum()
        return out

    def save(self, path: Path) -> None:
        keys = np.array(sorted(self.columns, key=self.columns.__getitem__), dtype=np.int64)
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            bias=self.bias.astype(np.float32),
            weights=self.weights.astype(np.float16),
            keys=keys,
            meta_keys=np.array(list(self.meta)),
            meta_values=np.array(list(self.meta.values())),
        )

    @classmethod
    def load(cls, source: Path | str) -> LinearModel:
        try:
            with np.load(source, allow_pickle=False) as data:
                keys = data["keys"].tolist()
                return cls(
                    labels=tuple(str(x) for x in data["labels"]),
                    bias=data["bias"].astype(np.float64),
                    weights=data["weights"].astype(np.float32),
                    columns={int(k): i for i, k in enumerate(keys)},
                    meta=dict(
                        zip(
                            (str(k) for k in data["meta_keys"]),
                            (str(v) for v in data["meta_values"]),
                            strict=True,
                        )
                    ),
                )
        except (OSError, KeyError, ValueError) as err:
            raise ModelError(
                f"event model {source}: unreadable ({err}); reinstall newsdesk "
                "or retrain with training/train_events.py"
            ) from err


@lru_cache(maxsize=4)
def packaged_model(name: str) -> LinearModel:
    """A model shipped in ``newsdesk/data/models``."""
    resource = resources.files("newsdesk.data").joinpath("models", f"{name}.npz")
    if not resource.is_file():
        raise ModelError(
            f"event model {name!r} is missing from the installation; reinstall "
            "newsdesk or train it with: python training/train_events.py"
        )
    with resources.as_file(resource) as path:
        return LinearModel.load(path)
