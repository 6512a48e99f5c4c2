"""Datasets for the course: XOR, the heart-disease data, and an honest train/test split.

STUB - being implemented.  Public API (do not change names or signatures):
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load_heart(path=None):
    """Return (X, y, feature_names): X float64 (303, 13), y int64 (303,) 0/1, feature_names list of 13 str."""
    raise NotImplementedError


def make_xor():
    """Return (X, y): the four XOR points, X float64 (4, 2), y int64 (4,) = [0, 1, 1, 0]."""
    raise NotImplementedError


def split_and_scale(X, y, test_size=0.2, seed=0):
    """Stratified split, then a StandardScaler fitted on the training part only.

    Returns (X_train, X_test, y_train, y_test) with both X parts scaled by the training statistics.
    """
    raise NotImplementedError
