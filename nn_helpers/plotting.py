"""Plots used by more than one lesson.

STUB - being implemented.  Public API (do not change names or signatures).
Every function draws on ``ax`` (a new figure if None), gives a title and labelled axes, and returns ax.
"""

# Okabe-Ito colour-blind-safe palette.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def plot_decision_boundary(model, X, y, ax=None, title="Decision boundary", resolution=200):
    """Shade the 2-D plane by predicted class probability and scatter the points.

    model: a fitted estimator with predict_proba, or a callable mapping (n, 2) -> probability of class 1 (n,) or (n, 1)."""
    raise NotImplementedError


def plot_loss_curves(histories, ax=None, title="Training loss", log_scale=False):
    """histories: a sequence of losses, or a dict {label: sequence}; x axis = epoch."""
    raise NotImplementedError


def plot_function_and_derivative(fn, grad_fn, name, z=None, ax=None):
    """Plot fn(z) and grad_fn(z) on z (default np.linspace(-6, 6, 401))."""
    raise NotImplementedError


def plot_confusion_matrix(y_true, y_pred, labels=None, ax=None, title="Confusion matrix"):
    """Counts of (true, predicted) pairs, via sklearn's ConfusionMatrixDisplay."""
    raise NotImplementedError
