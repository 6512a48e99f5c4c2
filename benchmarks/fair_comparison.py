"""Lesson 9, Part B: a fair comparison of NeuralNet, MLPClassifier, Keras and logistic regression.

Every tuned recipe gets the same protocol: for each outer split of the heart data
(repeated stratified 5-fold, 2 repeats = 10 splits of about 242 training and 61
test patients), its candidate settings are scored by the log-loss on ONE inner
validation split of the outer training part (the same inner split for every
library; for Keras the cross-entropy metric, without the L2 penalty that its
"val_loss" includes), the best candidate is refitted on the whole outer training part, and
the outer test part is used once, for the accuracy written to the results file.
The scaler is fitted on the data each model is trained on (a Pipeline).

Budget, comparable rather than identical: six candidates for NeuralNet and each
MLPClassifier recipe (three L2 strengths x two training lengths), but Keras gets
two L2 strengths with EarlyStopping choosing the length from every epoch up to
200, and logistic regression three strengths.  The
source tutorial's two scratch runs and its MLPClassifier are not tuned: they are
the settings it used.

    python3 benchmarks/fair_comparison.py          # writes data/fair_comparison.csv

Seeded and deterministic (Keras through nn_helpers.keras_setup.import_keras).
"""

import csv
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import RepeatedStratifiedKFold, train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the course folder, for nn_helpers
from nn_helpers import NeuralNet, load_heart  # noqa: E402
from nn_helpers.data import DATA_DIR  # noqa: E402

RESULTS_FILE = DATA_DIR / "fair_comparison.csv"
N_SPLITS, N_REPEATS = 5, 2
COLUMNS = ["recipe", "split", "n_train", "n_test", "chosen", "test_accuracy"]


def outer_splits(X, y):
    """The 10 outer (train_index, test_index) pairs, always the same."""
    return list(RepeatedStratifiedKFold(n_splits=N_SPLITS, n_repeats=N_REPEATS, random_state=0).split(X, y))


def inner_split(X, y, seed):
    """One stratified 75/25 inner split of an outer training part: (X_fit, X_val, y_fit, y_val)."""
    return train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)


def _quiet_fit(model, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # fixed training lengths stop before tol fires
        return model.fit(X, y)


def _grid(**axes):
    """All combinations of the given settings, as a list of dicts."""
    combos = [{}]
    for name, values in axes.items():
        combos = [{**combo, name: value} for combo in combos for value in values]
    return combos


# Each tuned recipe: (candidate settings, make(settings, seed) -> an unfitted scikit-learn estimator).
SKLEARN_RECIPES = {
    "NeuralNet (GD)": (_grid(alpha=[1.0, 10.0, 30.0], epochs=[100, 500]),
                       lambda s, seed: NeuralNet(hidden_layer_sizes=(8,), learning_rate=0.1, seed=seed, **s)),
    "MLPClassifier (Adam)": (_grid(alpha=[0.1, 1.0, 10.0], max_iter=[30, 200]),
                             lambda s, seed: MLPClassifier(hidden_layer_sizes=(8,), learning_rate_init=0.01,
                                                           batch_size=32, random_state=seed, **s)),
    "MLPClassifier (L-BFGS)": (_grid(alpha=[1.0, 10.0, 30.0], max_iter=[50, 500]),
                               lambda s, seed: MLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs",
                                                             random_state=seed, **s)),
    "LogisticRegression": (_grid(C=[0.01, 0.1, 1.0]), lambda s, seed: LogisticRegression(max_iter=1000, **s)),
}
# The source tutorial's two scratch runs and its MLPClassifier, untuned, as it ran them (with scaling, as it did).
TUTORIAL_RECIPES = {
    "tutorial 1: NeuralNet (8,), lr 0.001, 100 it.": lambda seed: NeuralNet(
        hidden_layer_sizes=(8,), learning_rate=0.001, epochs=100, seed=seed),
    "tutorial 2: NeuralNet (10,), lr 0.01, 500 it.": lambda seed: NeuralNet(
        hidden_layer_sizes=(10,), learning_rate=0.01, epochs=500, seed=seed),
    "tutorial: MLPClassifier (8,), Adam 0.001, 100 it.": lambda seed: MLPClassifier(
        hidden_layer_sizes=(8,), learning_rate_init=0.001, max_iter=100, random_state=seed),
}
KERAS_RECIPE = "Keras (Adam, early stopping)"
KERAS_L2 = [1e-3, 1e-2]
RECIPES = [*SKLEARN_RECIPES, KERAS_RECIPE, *TUTORIAL_RECIPES]


def _describe(settings):
    return " ".join(f"{name}={value:g}" for name, value in settings.items())


def run_sklearn_recipe(name, X_train, y_train, X_test, y_test, seed):
    """Tune on the inner split, refit on the outer training part, score the outer test part once."""
    candidates, make = SKLEARN_RECIPES[name]
    X_fit, X_val, y_fit, y_val = inner_split(X_train, y_train, seed)
    scores = []
    for settings in candidates:
        model = _quiet_fit(make_pipeline(StandardScaler(), make(settings, seed)), X_fit, y_fit)
        scores.append(log_loss(y_val, model.predict_proba(X_val)[:, 1], labels=[0, 1]))
    best = candidates[int(np.argmin(scores))]  # first of any ties
    model = _quiet_fit(make_pipeline(StandardScaler(), make(best, seed)), X_train, y_train)
    return _describe(best), float(model.score(X_test, y_test))


def run_tutorial_recipe(name, X_train, y_train, X_test, y_test, seed):
    model = _quiet_fit(make_pipeline(StandardScaler(), TUTORIAL_RECIPES[name](seed)), X_train, y_train)
    return "as in the tutorial", float(model.score(X_test, y_test))


def _keras_model(keras, l2, seed):
    keras.utils.set_random_seed(seed)
    regulariser = keras.regularizers.L2(l2)
    model = keras.Sequential([
        keras.Input(shape=(13,)),
        keras.layers.Dense(8, activation="relu", kernel_regularizer=regulariser),
        keras.layers.Dense(1, activation="sigmoid", kernel_regularizer=regulariser)])
    # Keras' "loss" includes the L2 penalty; the cross-entropy metric alone is the log-loss that the
    # other libraries are tuned on, so candidates and epochs are chosen by "val_binary_crossentropy".
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=[keras.metrics.BinaryCrossentropy()])
    return model


def _column(y):
    """Labels as a float32 column (n, 1), the shape of the network's output (the cross-entropy metric needs it)."""
    return y.astype("float32").reshape(-1, 1)


def run_keras_recipe(X_train, y_train, X_test, y_test, seed, max_epochs=200):
    """Two L2 strengths; EarlyStopping (patience 10) on the inner split's log-loss picks the epoch; refit for that many."""
    from nn_helpers.keras_setup import import_keras

    keras, _ = import_keras(seed=seed)
    X_fit, X_val, y_fit, y_val = inner_split(X_train, y_train, seed)
    scaler = StandardScaler().fit(X_fit)
    best = None
    for l2 in KERAS_L2:
        model = _keras_model(keras, l2, seed)
        stop = keras.callbacks.EarlyStopping(monitor="val_binary_crossentropy", mode="min", patience=10,
                                             restore_best_weights=True)
        history = model.fit(scaler.transform(X_fit).astype("float32"), _column(y_fit), batch_size=32,
                            epochs=max_epochs, validation_data=(scaler.transform(X_val).astype("float32"),
                                                                _column(y_val)),
                            callbacks=[stop], verbose=0)
        val_loss = history.history["val_binary_crossentropy"]  # log-loss without the penalty
        epoch = int(np.argmin(val_loss)) + 1
        if best is None or min(val_loss) < best[0]:
            best = (min(val_loss), l2, epoch)
    _, l2, epochs = best
    scaler = StandardScaler().fit(X_train)
    model = _keras_model(keras, l2, seed)
    model.fit(scaler.transform(X_train).astype("float32"), _column(y_train), batch_size=32,
              epochs=epochs, verbose=0)
    probability = model(scaler.transform(X_test).astype("float32")).numpy().ravel()
    return f"l2={l2:g} epochs={epochs}", float(np.mean((probability > 0.5) == y_test))


def run_recipe(name, split, X=None, y=None):
    """One row of the results file: the recipe `name` on outer split number `split` (0-9)."""
    if X is None:
        X, y, _ = load_heart()
    train_index, test_index = outer_splits(X, y)[split]
    data = X[train_index], y[train_index], X[test_index], y[test_index]
    if name in SKLEARN_RECIPES:
        chosen, accuracy = run_sklearn_recipe(name, *data, seed=split)
    elif name in TUTORIAL_RECIPES:
        chosen, accuracy = run_tutorial_recipe(name, *data, seed=split)
    elif name == KERAS_RECIPE:
        chosen, accuracy = run_keras_recipe(*data, seed=split)
    else:
        raise ValueError(f"unknown recipe {name!r}; the recipes are {RECIPES}")
    return {"recipe": name, "split": split, "n_train": len(train_index), "n_test": len(test_index),
            "chosen": chosen, "test_accuracy": f"{accuracy:.6f}"}


def read_results(path=RESULTS_FILE):
    """The committed results as a list of dicts (strings, as in the file)."""
    with open(path, newline="") as file:
        return list(csv.DictReader(file))


def main(path=RESULTS_FILE):
    X, y, _ = load_heart()
    rows, start = [], time.perf_counter()
    for name in RECIPES:
        recipe_start = time.perf_counter()
        for split in range(N_SPLITS * N_REPEATS):
            rows.append(run_recipe(name, split, X, y))
        print(f"{name}: {time.perf_counter() - recipe_start:.1f} s", flush=True)
    with open(path, "w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {path.name} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
