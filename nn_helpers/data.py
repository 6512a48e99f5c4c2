"""Datasets for the course: XOR, the heart-disease data, and an honest train/test split.

``make_xor`` gives the four XOR points (lessons 3-6) and ``xor_weights`` a small
network that solves them with weights set by hand (lesson 3); ``load_heart`` reads the
UCI Cleveland heart-disease data shipped in ``data/heart.csv`` (documented in
``data/README.md``), and ``split_and_scale`` makes the train/test split that
lessons 6-9 use: stratified, then standardised with statistics from the
training part only.
"""

import csv
import math
import numbers
import os
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The columns of data/heart.csv, in order; data/README.md explains each one.
_HEART_FEATURES = [
    "age", "sex", "chest_pain_type", "resting_blood_pressure", "cholesterol", "fasting_blood_sugar",
    "resting_ecg", "max_heart_rate", "exercise_angina", "st_depression", "st_slope", "major_vessels",
    "thallium_scan",
]
_HEART_TARGET = "target"
_MISSING_MARKERS = {"", "?", "na", "nan", "none", "null"}


def _heart_file_not_found(path, is_default):
    if is_default:
        return FileNotFoundError(
            f"The heart-disease data was not found at {path}. It ships with the course as data/heart.csv, "
            "and load_heart() looks for it in the course folder next to nn_helpers. Run the notebook from a "
            "clone of the course repository; on Google Colab, run the notebook's first cell, which fetches the "
            "course. If you installed nn_helpers some other way, pass the file's path: load_heart('.../heart.csv')."
        )
    return FileNotFoundError(f"No file at {path}. Check the path, or call load_heart() without an argument to "
                             "read the course's own copy, data/heart.csv.")


def _parse_number(text, path, line_number, column):
    """One CSV cell -> float, with an error that names the line and the column."""
    where = f"{path}, line {line_number}, column {column!r}"
    if text.strip().lower() in _MISSING_MARKERS:
        raise ValueError(f"{where}: missing value ({text!r}). heart.csv has no missing values; rebuild it with "
                         "data/build_heart_csv.py or take a fresh copy from the course repository.")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {text!r} is not a finite number")
    return value


def load_heart(path=None):
    """Load the UCI Cleveland heart-disease data: 303 patients, 13 clinical features.

    Parameters
    ----------
    path : str or path-like, optional
        A CSV file with the header of ``data/heart.csv``.  Default: the
        course's own copy, ``DATA_DIR / "heart.csv"``.

    Returns
    -------
    X : ndarray of float64, shape (n_samples, 13)
        One row per patient, the columns in the order of ``feature_names``.
        (303, 13) for the course's file.  Categorical features keep their
        UCI integer codes (see data/README.md).
    y : ndarray of int64, shape (n_samples,)
        1 if angiography showed a diameter narrowing of more than 50 % in any
        major vessel (heart disease), else 0.
    feature_names : list of 13 str
        ``["age", "sex", "chest_pain_type", ..., "thallium_scan"]``.

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``; the message says where to get it.
    ValueError
        If the file is malformed: another header, a line with the wrong
        number of fields, a missing or non-numeric value, or a target other
        than 0/1.  The message gives the line number.
    """
    is_default = path is None
    if is_default:
        path = DATA_DIR / "heart.csv"
    elif not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path (str or pathlib.Path), not {type(path).__name__}")
    path = Path(path)
    if not path.is_file():
        raise _heart_file_not_found(path, is_default)

    expected_header = _HEART_FEATURES + [_HEART_TARGET]
    features, targets = [], []
    try:
        # utf-8-sig: a spreadsheet program may have added a byte-order mark when saving the file.
        with open(path, newline="", encoding="utf-8-sig") as file:
            reader = csv.reader(file)
            header = next(reader, None)
            if not header:  # None for a 0-byte file, [] for a blank first line
                raise ValueError(f"{path} is empty; expected a header line and one line per patient")
            header = [name.strip() for name in header]
            if header != expected_header:
                raise ValueError(f"{path}, line 1: unexpected header.\n  found    {','.join(header)}\n"
                                 f"  expected {','.join(expected_header)}")
            for fields in reader:
                line_number = reader.line_num
                if not fields:  # a blank line, e.g. at the end of the file
                    continue
                if len(fields) != len(expected_header):
                    raise ValueError(f"{path}, line {line_number}: {len(fields)} fields, but the header has "
                                     f"{len(expected_header)}")
                values = [_parse_number(text, path, line_number, column)
                          for text, column in zip(fields, expected_header)]
                if values[-1] not in (0.0, 1.0):
                    raise ValueError(f"{path}, line {line_number}: the target must be 0 or 1, found {fields[-1]!r}")
                features.append(values[:-1])
                targets.append(values[-1])
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not a UTF-8 text file; expected a CSV like data/heart.csv") from None
    if not features:
        raise ValueError(f"{path} has a header but no data lines")

    X = np.array(features, dtype=np.float64)
    y = np.array(targets, dtype=np.int64)
    return X, y, list(_HEART_FEATURES)


def make_xor():
    """The four XOR points: the smallest problem no straight line can separate.

    Returns
    -------
    X : ndarray of float64, shape (4, 2)
        [[0, 0], [0, 1], [1, 0], [1, 1]]
    y : ndarray of int64, shape (4,)
        [0, 1, 1, 0]: 1 when exactly one input is 1.
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return X, y


def xor_weights():
    """Weights, set by hand, of a 2-2-1 ReLU network that computes XOR (lesson 3's exercise).

    Hidden unit 1 is relu(x1 + x2), which counts the inputs that are on; hidden
    unit 2 is relu(x1 + x2 - 1), which fires only when both are on.  The output
    score z = 5 h1 - 10 h2 - 2.5 is -2.5 for (0, 0) and (1, 1) and +2.5 for
    (0, 1) and (1, 0), so sigmoid(z) is 0.076 or 0.924: class 1 exactly when one
    input is on.  (After Goodfellow, Bengio and Courville, *Deep Learning*, 6.1,
    with the output scaled so the network is over 90 % sure of every point.)

    Returns
    -------
    dict with W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,), for ``forward(X, params, "relu")``.
    """
    return {
        "W1": np.array([[1.0, 1.0], [1.0, 1.0]]), "b1": np.array([0.0, -1.0]),
        "W2": np.array([[5.0], [-10.0]]), "b2": np.array([-2.5]),
    }


def split_and_scale(X, y, test_size=0.2, seed=0):
    """Stratified split, then a StandardScaler fitted on the training part only.

    The scaler learns each feature's mean and standard deviation from the
    training rows alone and applies those same numbers to the test rows.  The
    test set stands in for patients the model has never seen; if its
    statistics shaped the scaling, information about it would leak into
    training and the test score would be optimistic.  So the scaled training
    features have mean 0 and standard deviation 1, and the test features only
    approximately.

    Parameters
    ----------
    X : array-like, shape (n_samples, n_features)
    y : array-like, shape (n_samples,)
        Class labels; the split keeps their proportions (stratify=y).
    test_size : float in (0, 1), default 0.2
        Fraction of the samples that go to the test part.
    seed : int, default 0
        Seed of the shuffle, so the split is the same on every run.

    Returns
    -------
    X_train : ndarray of float64, shape (n_train, n_features)
    X_test : ndarray of float64, shape (n_test, n_features)
        Both scaled with the training part's mean and standard deviation.
    y_train : ndarray, shape (n_train,)
    y_test : ndarray, shape (n_test,)
    """
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError("X must be a numeric array of shape (n_samples, n_features)") from error
    y = np.asarray(y)
    if X.ndim != 2:
        hint = " (for a single feature use X.reshape(-1, 1))" if X.ndim == 1 else ""
        raise ValueError(f"X must be 2-D, (n_samples, n_features), but has shape {X.shape}{hint}")
    if y.ndim != 1:
        hint = " (flatten it with y.ravel())" if y.ndim == 2 and 1 in y.shape else ""
        raise ValueError(f"y must be 1-D, (n_samples,), but has shape {y.shape}{hint}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples but y has {y.shape[0]}; they must match")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or infinite values; fill or remove them before splitting")
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise TypeError(f"test_size must be a fraction between 0 and 1, not {type(test_size).__name__}")
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be strictly between 0 and 1 (a fraction of the samples), got {test_size}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an int, not {type(seed).__name__}")

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=float(test_size), stratify=y, random_state=int(seed))
    scaler = StandardScaler().fit(X_train)  # training rows only: see the docstring
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test
