"""Time one full-batch epoch of NeuralNet against scikit-learn's MLPClassifier.

The set-up is the one the equivalence tests use: 5,000 two-moons points
(noise 0.1), one hidden layer of 64 ReLU units, a single sigmoid output, plain
gradient descent on the whole training set each epoch.  The two libraries are
timed in alternation, so a slow moment of the machine hits both, and the
median over the repeats is reported.

    python benchmarks/bench_full_batch.py [--epochs 200] [--repeats 7]

This is a script, not a test: timings depend on the machine.
"""

import argparse
import statistics
import time
import warnings

from sklearn.datasets import make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from nn_helpers import NeuralNet

HIDDEN_UNITS = 64
LEARNING_RATE = 0.1


def make_models(n_samples, epochs):
    """The two classifiers, configured for the same full-batch gradient descent."""
    ours = NeuralNet(hidden_layer_sizes=(HIDDEN_UNITS,), hidden_activation="relu", learning_rate=LEARNING_RATE,
                     epochs=epochs, batch_size=None, alpha=0.0, seed=0)
    theirs = MLPClassifier(hidden_layer_sizes=(HIDDEN_UNITS,), activation="relu", solver="sgd",
                           learning_rate="constant", learning_rate_init=LEARNING_RATE, momentum=0.0,
                           nesterovs_momentum=False, batch_size=n_samples, shuffle=False, alpha=0.0,
                           max_iter=epochs, tol=0.0, n_iter_no_change=epochs + 1, random_state=0)
    return {"NeuralNet": ours, "MLPClassifier": theirs}


def seconds_per_epoch(model, X, y, epochs):
    start = time.perf_counter()
    with warnings.catch_warnings():
        # MLPClassifier warns that it stopped at max_iter - which is the point here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    return (time.perf_counter() - start) / epochs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--samples", type=int, default=5000)
    args = parser.parse_args()

    X, y = make_moons(n_samples=args.samples, noise=0.1, random_state=0)
    models = make_models(args.samples, args.epochs)
    for model in models.values():  # warm-up: imports, caches, first allocations
        seconds_per_epoch(model, X, y, args.epochs)

    times = {name: [] for name in models}
    for _ in range(args.repeats):
        for name, model in models.items():
            times[name].append(seconds_per_epoch(model, X, y, args.epochs))

    print(f"{args.samples} samples, {HIDDEN_UNITS} ReLU hidden units, full batch, {args.epochs} epochs, "
          f"median of {args.repeats} alternated runs")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        spread = f"{min(times[name]) * 1e3:.2f}-{max(times[name]) * 1e3:.2f}"
        print(f"  {name:<14} {median * 1e3:7.2f} ms per epoch   (range {spread} ms)")
    print(f"  ratio NeuralNet / MLPClassifier: {medians['NeuralNet'] / medians['MLPClassifier']:.2f}")


if __name__ == "__main__":
    main()
