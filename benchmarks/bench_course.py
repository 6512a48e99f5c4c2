"""The course's performance figures, from one run on one machine.

    python3 course.py bench [--repeats N] [--skip-notebooks]

Prints
1. each notebook's execution time in a fresh kernel, the total, and the peak memory;
2. the training time of NeuralNet, MLPClassifier and Keras on identical work - the same
   architecture, initial weights size, float64, the same number of full-batch epochs
   and of minibatch (32) epochs - on 5,000 two-moons points and on the digits, as ratios
   to scikit-learn measured in the same run (runs alternated, median of --repeats);
3. the floor: the same epochs as the leanest numpy we can write (preallocated buffers,
   every matrix product and elementwise pass in place) - what no numpy code beats here;
4. an Adam epoch of NeuralNet against one of MLPClassifier (lesson 7): the same work on the
   5,000 moons, full batch and minibatches of 32;
5. regression (lesson 11): NeuralNetRegressor against MLPRegressor on identical work;
6. the playground widget's re-train latency (lesson 6);
7. many seeds at once (lesson 8): ``train_many`` training S networks together against the same
   S networks trained one ``NeuralNet`` at a time (identical work and results), and the seed
   tutorial's 100-repeat experiment and hidden-unit sweep (``nn_helpers.experiments``).

    python3 benchmarks/bench_course.py --only-many-seeds   runs part 7 alone.

Only ratios measured in one run mean much: the machine may be shared and noisy.
"""

import argparse
import os
import resource
import statistics
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
from sklearn.datasets import load_digits, make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from nn_helpers import NeuralNet, init_params, one_hot
from nn_helpers import NeuralNetRegressor
from nn_helpers import train_many

ROOT = Path(__file__).resolve().parent.parent
HIDDEN_UNITS = 64
MINIBATCH = 32


# ---------------------------------------------------------------- notebooks
def time_notebooks():
    """Execute every lesson in a fresh kernel; return [(name, seconds)]."""
    import nbformat
    from nbclient import NotebookClient

    timings = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        timings.append((path.name, time.perf_counter() - start))
    return timings


# ---------------------------------------------------------------- the three libraries
def train_ours(X, y, epochs, batch_size):
    NeuralNet(hidden_layer_sizes=(HIDDEN_UNITS,), learning_rate=0.1, epochs=epochs,
              batch_size=batch_size).fit(X, y)


def train_sklearn(X, y, epochs, batch_size):
    # Plain SGD with the same schedule as NeuralNet; it must not stop early.
    model = MLPClassifier(hidden_layer_sizes=(HIDDEN_UNITS,), solver="sgd", momentum=0.0,
                          nesterovs_momentum=False, learning_rate_init=0.1, max_iter=epochs,
                          batch_size=batch_size or len(X), shuffle=batch_size is not None,
                          tol=0.0, n_iter_no_change=epochs + 1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)


def train_ours_adam(X, y, epochs, batch_size):
    NeuralNet(hidden_layer_sizes=(HIDDEN_UNITS,), solver="adam", learning_rate=0.001, epochs=epochs,
              batch_size=batch_size).fit(X, y)


def train_sklearn_adam(X, y, epochs, batch_size):
    model = MLPClassifier(hidden_layer_sizes=(HIDDEN_UNITS,), solver="adam", learning_rate_init=0.001,
                          max_iter=epochs, batch_size=batch_size or len(X), shuffle=batch_size is not None,
                          tol=0.0, n_iter_no_change=epochs + 1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)


def make_keras_trainer():
    import keras

    keras.config.set_floatx("float64")

    def train_keras(X, y, epochs, batch_size):
        n_classes = len(np.unique(y))
        outputs = 1 if n_classes == 2 else n_classes
        model = keras.Sequential([
            keras.Input((X.shape[1],)),
            keras.layers.Dense(HIDDEN_UNITS, activation="relu"),
            keras.layers.Dense(outputs, activation="sigmoid" if outputs == 1 else "softmax"),
        ])
        model.compile(optimizer=keras.optimizers.SGD(0.1),
                      loss="binary_crossentropy" if outputs == 1 else "categorical_crossentropy")
        targets = y.reshape(-1, 1) if outputs == 1 else one_hot(y, n_classes)
        model.fit(X, targets, epochs=epochs, batch_size=batch_size or len(X), shuffle=batch_size is not None,
                  verbose=0)

    return train_keras


# ---------------------------------------------------------------- the floor
def train_floor(X, y, epochs, batch_size):
    """Full-batch or minibatch gradient descent with every buffer allocated once.

    The same arithmetic as NeuralNet (relu hidden layer, sigmoid/softmax output,
    cross-entropy loss computed every batch), nothing more.
    """
    n_classes = len(np.unique(y))
    Y = y.reshape(-1, 1).astype(np.float64) if n_classes == 2 else one_hot(y, n_classes)
    params = init_params([X.shape[1], HIDDEN_UNITS, Y.shape[1]])
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    rng = np.random.default_rng(0)
    n = len(X)
    size = batch_size or n
    H = np.empty((size, HIDDEN_UNITS))
    mask = np.empty((size, HIDDEN_UNITS), dtype=bool)
    P = np.empty((size, Y.shape[1]))
    dW1, dW2 = np.empty_like(W1), np.empty_like(W2)
    eps = np.finfo(np.float64).eps
    for _ in range(epochs):
        order = rng.permutation(n) if batch_size else None
        for start in range(0, n, size):
            if batch_size:
                rows = order[start:start + size]
                Xb, Yb = X[rows], Y[rows]
            else:
                Xb, Yb = X, Y
            m = len(Xb)
            h, p, k = H[:m], P[:m], mask[:m]
            np.matmul(Xb, W1, out=h)
            h += b1
            np.maximum(h, 0.0, out=h)
            np.matmul(h, W2, out=p)
            p += b2
            if p.shape[1] == 1:  # sigmoid
                np.negative(p, out=p)
                np.exp(p, out=p)
                p += 1.0
                np.reciprocal(p, out=p)
                clipped = np.clip(p, eps, 1 - eps)
                _ = -np.mean(Yb * np.log(clipped) + (1 - Yb) * np.log1p(-clipped))
            else:  # softmax
                p -= p.max(axis=1, keepdims=True)
                np.exp(p, out=p)
                p /= p.sum(axis=1, keepdims=True)
                _ = -np.sum(Yb * np.log(np.clip(p, eps, 1.0))) / m
            p -= Yb  # the output error P - Y
            p /= m
            np.matmul(h.T, p, out=dW2)
            db2 = p.sum(axis=0)
            np.greater(h, 0.0, out=k)
            np.matmul(p, W2.T, out=h)  # reuse h for the hidden error
            h *= k
            np.matmul(Xb.T, h, out=dW1)
            db1 = h.sum(axis=0)
            dW1 *= 0.1
            W1 -= dW1
            b1 -= 0.1 * db1
            dW2 *= 0.1
            W2 -= dW2
            b2 -= 0.1 * db2


# ---------------------------------------------------------------- regression (lesson 11)
def train_ours_regression(X, y, epochs, batch_size):
    NeuralNetRegressor(hidden_layer_sizes=(HIDDEN_UNITS,), learning_rate=0.01, epochs=epochs,
                       batch_size=batch_size).fit(X, y)


def train_sklearn_regression(X, y, epochs, batch_size):
    from sklearn.neural_network import MLPRegressor

    # Plain SGD with the same schedule as NeuralNetRegressor; it must not stop early.
    model = MLPRegressor(hidden_layer_sizes=(HIDDEN_UNITS,), solver="sgd", momentum=0.0,
                         nesterovs_momentum=False, learning_rate_init=0.01, max_iter=epochs,
                         batch_size=batch_size or len(X), shuffle=batch_size is not None,
                         tol=0.0, n_iter_no_change=epochs + 1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)


def regression_data():
    """5,000 samples, 10 features, a standardised nonlinear target."""
    from sklearn.datasets import make_friedman1

    X, y = make_friedman1(n_samples=5000, n_features=10, noise=1.0, random_state=0)
    return StandardScaler().fit_transform(X), (y - y.mean()) / y.std()


# ---------------------------------------------------------------- measuring
def median_times(trainers, X, y, epochs, batch_size, repeats):
    """Run the trainers alternately `repeats` times; return {name: median seconds per epoch}."""
    for train in trainers.values():  # warm-up: imports, caches, first allocations
        train(X, y, 1, batch_size)
    samples = {name: [] for name in trainers}
    for _ in range(repeats):
        for name, train in trainers.items():
            start = time.perf_counter()
            train(X, y, epochs, batch_size)
            samples[name].append((time.perf_counter() - start) / epochs)
    return {name: statistics.median(values) for name, values in samples.items()}


def datasets():
    X_moons, y_moons = make_moons(n_samples=5000, noise=0.1, random_state=0)
    digits = load_digits()
    X_digits = StandardScaler().fit_transform(digits.data)
    return {"moons 5000x2": (X_moons, y_moons), "digits 1797x64": (X_digits, digits.target)}


def playground_latency(repeats):
    from nn_helpers.widgets import train_playground

    train_playground()  # warm-up
    results = {}
    for label, kwargs in [("default settings", {}),
                          ("worst case (32 units, 1000 epochs)", {"hidden_units": 32, "epochs": 1000})]:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            train_playground(**kwargs)
            times.append(time.perf_counter() - start)
        results[label] = statistics.median(times)
    return results


def many_seeds_times(repeats, n_networks=100, epochs=1):
    """Median seconds for n_networks 2-64-1 networks on the tutorial's 3,750 training moons, batches of 10:
    (train_many, one NeuralNet at a time), runs alternated.  Both compute the same networks."""
    from nn_helpers.experiments import moons_split

    X, _, y, _ = moons_split(0)
    settings = dict(hidden_layer_sizes=(HIDDEN_UNITS,), learning_rate=1e-3, epochs=epochs, batch_size=10)

    def together():
        train_many(X, y, range(n_networks), **settings)

    def one_at_a_time():
        for seed in range(n_networks):
            NeuralNet(seed=seed, **settings).fit(X, y)

    samples = {together: [], one_at_a_time: []}
    together(), one_at_a_time()  # warm-up
    for _ in range(repeats):
        for run in samples:
            start = time.perf_counter()
            run()
            samples[run].append(time.perf_counter() - start)
    return statistics.median(samples[together]), statistics.median(samples[one_at_a_time])


def seed_experiment_times():
    """Wall-clock and CPU seconds of the tutorial's experiment (vary="init") and sweep, one run each."""
    from nn_helpers.experiments import hidden_units_sweep, moons_seed_experiment

    results = {}
    for label, run in [("100 repeats, 2-64-2, 10 epochs", moons_seed_experiment),
                       ("sweep 3-40 units x 3 trials", hidden_units_sweep)]:
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        results[label] = (time.perf_counter() - wall, time.process_time() - cpu)
    return results


def report_many_seeds(repeats):
    together, one_at_a_time = many_seeds_times(repeats)
    print(f"Many seeds at once: 100 networks 2-{HIDDEN_UNITS}-1, 3750 moons, batches of 10, 1 epoch, median of "
          f"{repeats} alternated runs")
    print(f"  train_many {together:.2f} s   100 NeuralNet fits {one_at_a_time:.2f} s   "
          f"one-at-a-time/together {one_at_a_time / together:.1f}x")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"The seed tutorial's experiments (target <= 5 s each; load average {load:.1f})")
    for label, (wall, cpu) in seed_experiment_times().items():
        print(f"  {label:<34} {wall:5.2f} s wall, {cpu:5.2f} s CPU")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-notebooks", action="store_true")
    parser.add_argument("--only-many-seeds", action="store_true", help="run part 7 (many seeds at once) alone")
    args = parser.parse_args()

    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} cores\n")
    if args.only_many_seeds:
        report_many_seeds(args.repeats)
        return
    if not args.skip_notebooks:
        timings = time_notebooks()
        print("Notebook execution (fresh kernel each; targets: <= 30 s each, <= 180 s in all)")
        for name, seconds in timings:
            print(f"  {name:<34} {seconds:6.1f} s {'ok' if seconds <= 30 else 'OVER 30 s'}")
        total = sum(seconds for _, seconds in timings)
        print(f"  {'total':<34} {total:6.1f} s {'ok' if total <= 180 else 'OVER 180 s'}")
        kernel_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  peak memory of a kernel: {kernel_peak:.0f} MiB\n")

    trainers = {"NeuralNet": train_ours, "MLPClassifier": train_sklearn,
                "Keras": make_keras_trainer(), "numpy floor": train_floor}
    print(f"Training time per epoch, {HIDDEN_UNITS} relu hidden units, float64, median of {args.repeats} "
          "alternated runs")
    print(f"  {'data':<15} {'batch':<6} " + " ".join(f"{name:>14}" for name in trainers)
          + "   NeuralNet/sklearn  NeuralNet/floor")
    for data_name, (X, y) in datasets().items():
        for batch_size, epochs in [(None, 100), (MINIBATCH, 3)]:
            medians = median_times(trainers, X, y, epochs, batch_size, args.repeats)
            row = " ".join(f"{medians[name] * 1e3:11.2f} ms" for name in trainers)
            print(f"  {data_name:<15} {batch_size or 'full':<6} {row}   "
                  f"{medians['NeuralNet'] / medians['MLPClassifier']:17.2f}  "
                  f"{medians['NeuralNet'] / medians['numpy floor']:15.2f}")
    print()
    adam_trainers = {"NeuralNet": train_ours_adam, "MLPClassifier": train_sklearn_adam}
    print(f"Adam: training time per epoch, {HIDDEN_UNITS} relu hidden units, median of {args.repeats} alternated runs "
          "(target: NeuralNet/sklearn <= 1)")
    print(f"  {'data':<15} {'batch':<6} " + " ".join(f"{name:>14}" for name in adam_trainers) + "   NeuralNet/sklearn")
    X, y = datasets()["moons 5000x2"]
    for batch_size, epochs in [(None, 100), (MINIBATCH, 3)]:
        medians = median_times(adam_trainers, X, y, epochs, batch_size, args.repeats)
        row = " ".join(f"{medians[name] * 1e3:11.2f} ms" for name in adam_trainers)
        print(f"  {'moons 5000x2':<15} {batch_size or 'full':<6} {row}   "
              f"{medians['NeuralNet'] / medians['MLPClassifier']:17.2f}")

    regressors = {"NeuralNetRegressor": train_ours_regression, "MLPRegressor": train_sklearn_regression}
    print(f"Regression: training time per epoch, {HIDDEN_UNITS} relu hidden units, float64, median of "
          f"{args.repeats} alternated runs (target: ratio <= 1)")
    X_reg, y_reg = regression_data()
    for batch_size, epochs in [(None, 100), (MINIBATCH, 3)]:
        medians = median_times(regressors, X_reg, y_reg, epochs, batch_size, args.repeats)
        print(f"  {'friedman1 5000x10':<18} {batch_size or 'full':<6} "
              + " ".join(f"{name} {medians[name] * 1e3:.2f} ms" for name in regressors)
              + f"   NeuralNetRegressor/MLPRegressor {medians['NeuralNetRegressor'] / medians['MLPRegressor']:.2f}")
    print()
    print("Playground re-train latency (target <= 0.3 s)")
    for label, seconds in playground_latency(args.repeats).items():
        print(f"  {label:<36} {seconds:.3f} s")
    print()
    report_many_seeds(args.repeats)
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak memory of this benchmark process: {own_peak:.0f} MiB")


if __name__ == "__main__":
    main()
