"""Plots used by more than one lesson.

Every function draws on ``ax`` (a new figure if ``ax`` is None), gives the plot
a title and labelled axes, and returns ``ax``.  None of them calls
``plt.show()``: the notebook ends its cell with it, so a learner can still add
to the axes first.

Colours come from the Okabe-Ito palette (``COLORS``), which stays
distinguishable for the common forms of colour blindness; classes also get
distinct marker shapes, so the plots survive a black-and-white printout.
"""

import numbers

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap

# Okabe-Ito colour-blind-safe palette.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

# One marker shape per class, in the same order as COLORS.
MARKERS = ["o", "^", "s", "D", "v", "P", "X", "*"]

# Blue (probability 0) -> white (0.5, undecided) -> vermillion (1): a diverging
# map built from the palette, so the shading matches the colours of the points.
PROBABILITY_CMAP = LinearSegmentedColormap.from_list("okabe_ito_diverging", [COLORS[0], "#FFFFFF", COLORS[1]])


def _new_axes_if_none(ax, figsize=(6, 4.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _check_points(X, y):
    """Return X as float64 (n, 2) and y as a 1-D array, with errors a learner can act on."""
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError("X must be a numeric array of shape (n_samples, 2)") from error
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, shape (n_samples, 2); got shape {X.shape}")
    if X.shape[1] != 2:
        raise ValueError(f"decision boundaries can only be drawn for 2 features; X has {X.shape[1]}")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()  # accept a (n, 1) label column as well
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of class labels; got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels; they must match")
    if len(X) == 0:
        raise ValueError("X is empty: there are no points to draw")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains nan or inf; remove or impute those rows first")
    return X, y


def _grid_predictions(model, grid):
    """Evaluate the model on the grid points (m, 2); returns an array (m,) or (m, k)."""
    if hasattr(model, "predict_proba"):
        if hasattr(model, "feature_names_in_"):
            # The model was fitted on a DataFrame; give it one, so scikit-learn does not warn.
            import pandas as pd

            grid = pd.DataFrame(grid, columns=model.feature_names_in_)
        output = model.predict_proba(grid)
    elif callable(model):
        output = model(grid)
    else:
        raise TypeError("model must be a fitted estimator with predict_proba, or a function mapping an (n, 2) "
                        f"array to probabilities of class 1; got {type(model).__name__}")
    output = np.asarray(output, dtype=np.float64)
    if output.ndim == 2 and output.shape[1] == 1:
        output = output[:, 0]
    if output.ndim not in (1, 2) or output.shape[0] != len(grid):
        raise ValueError(f"the model returned shape {output.shape} for {len(grid)} points; expected ({len(grid)},), "
                         f"({len(grid)}, 1) or ({len(grid)}, n_classes)")
    if not np.all(np.isfinite(output)):
        raise ValueError("the model returned nan or inf on some points (has training diverged?)")
    if output.min() < 0 or output.max() > 1:
        raise ValueError(f"the model must return probabilities in [0, 1]; got values from {output.min():.3g} to "
                         f"{output.max():.3g} (apply the sigmoid to raw scores first)")
    return output


def plot_decision_boundary(model, X, y, ax=None, title="Decision boundary", resolution=200, feature_names=None,
                           colorbar=True):
    """Shade the 2-D plane by predicted class probability and scatter the points.

    Parameters
    ----------
    model : a fitted estimator with ``predict_proba``, or a callable mapping
        an array (n, 2) to the probability of class 1, shape (n,) or (n, 1).
        With two classes the plane is shaded by P(class 1) and the 0.5 contour
        - the decision boundary - is drawn; with more classes (a
        ``predict_proba`` of k > 2 columns) each region gets its class colour.
    X : array (n_samples, 2), the points to show.
    y : array (n_samples,), their class labels.
    ax : matplotlib Axes, or None for a new figure.
    title : str
    resolution : int >= 2, grid points along each axis.
    feature_names : pair of str for the axis labels (default "x₁", "x₂").
    colorbar : bool, add a colour bar for P(class 1) (two classes only).

    Returns
    -------
    ax : the matplotlib Axes drawn on.
    """
    X, y = _check_points(X, y)
    if isinstance(resolution, bool) or not isinstance(resolution, numbers.Integral) or resolution < 2:
        raise ValueError(f"resolution must be an integer >= 2 (grid points per axis); got {resolution!r}")
    if feature_names is None:
        feature_names = ("x₁", "x₂")
    if isinstance(feature_names, str) or len(feature_names) != 2:
        raise ValueError(f"feature_names must be a pair of names, one per axis; got {feature_names!r}")

    # Pad the data's bounding box by 10 % so no point sits on the edge.
    low, high = X.min(axis=0), X.max(axis=0)
    pad = np.maximum(0.1 * (high - low), 0.5 * (high == low) + 1e-9)
    axis_1 = np.linspace(low[0] - pad[0], high[0] + pad[0], resolution)
    axis_2 = np.linspace(low[1] - pad[1], high[1] + pad[1], resolution)
    grid_1, grid_2 = np.meshgrid(axis_1, axis_2)
    grid = np.column_stack([grid_1.ravel(), grid_2.ravel()])
    output = _grid_predictions(model, grid)

    ax = _new_axes_if_none(ax)
    if output.ndim == 2 and output.shape[1] > 2:
        # Several classes: colour each region by its most probable class.
        n_classes = output.shape[1]
        predicted = output.argmax(axis=1).reshape(grid_1.shape)
        region_cmap = ListedColormap([COLORS[k % len(COLORS)] for k in range(n_classes)])
        ax.contourf(grid_1, grid_2, predicted, levels=np.arange(n_classes + 1) - 0.5, cmap=region_cmap, alpha=0.3)
    else:
        probability = (output[:, 1] if output.ndim == 2 else output).reshape(grid_1.shape)
        shading = ax.contourf(grid_1, grid_2, probability, levels=np.linspace(0, 1, 21), cmap=PROBABILITY_CMAP,
                              alpha=0.6)
        if probability.min() < 0.5 < probability.max():  # otherwise there is no boundary to draw
            ax.contour(grid_1, grid_2, probability, levels=[0.5], colors="black", linewidths=1.5)
        if colorbar:
            bar = ax.figure.colorbar(shading, ax=ax, ticks=[0, 0.25, 0.5, 0.75, 1])
            bar.set_label("P(class 1)")

    for k, label in enumerate(np.unique(y)):
        members = y == label
        ax.scatter(X[members, 0], X[members, 1], c=COLORS[k % len(COLORS)], marker=MARKERS[k % len(MARKERS)],
                   edgecolors="black", linewidths=0.6, s=36, label=f"class {label}")
    ax.legend(loc="best", framealpha=0.9)
    ax.set_title(title)
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    return ax


def _label_spot(closest, along, normal, xlim, ylim, diagonal, placed):
    """The point of a unit's line for its arrow and label: inside the view, far from the labels already placed.

    Lines of a trained layer often cross near the middle of the plot; their labels would sit on top of each
    other there.  Candidates run along the visible part of the line (kept 12 % away from the edges, so the
    label fits); the one farthest from every earlier label wins, ties (and any spot 12 % of the diagonal
    from the others) going to the one nearest the line's middle.
    """
    margin_x, margin_y = 0.12 * (xlim[1] - xlim[0]), 0.12 * (ylim[1] - ylim[0])
    low, high = -diagonal, diagonal
    for axis, (start, stop), margin in ((0, xlim, margin_x), (1, ylim, margin_y)):
        if abs(along[axis]) < 1e-12:
            if not start + margin <= closest[axis] <= stop - margin:
                return closest
            continue
        t1, t2 = sorted(((start + margin - closest[axis]) / along[axis], (stop - margin - closest[axis]) / along[axis]))
        low, high = max(low, t1), min(high, t2)
    if low > high:  # the line misses the inner part of the view
        return closest
    candidates = [closest + t * along for t in np.linspace(low, high, 21)]
    if not placed:
        return min(candidates, key=lambda point: float(np.hypot(*(point - closest))))
    def score(point):
        label = point + 0.09 * diagonal * normal
        nearest = min(float(np.hypot(*(label - other))) for other in placed)
        return (min(round(nearest / diagonal, 2), 0.12), -float(np.hypot(*(point - closest))))  # 12 % apart is enough
    return max(candidates, key=score)


def plot_unit_lines(W, b, ax=None, title=None, label_units=True):
    """Draw each unit's line w1 x1 + w2 x2 + b = 0 over a 2-D plot, with an arrow to the side where z > 0.

    A unit of a layer fed by two inputs computes z = w1 x1 + w2 x2 + b; its
    activation changes most across the line z = 0, and w is the normal of that
    line, pointing to where z grows.  Draw the points (or a decision boundary)
    first: the lines span the axes' current limits, which are kept.

    Parameters
    ----------
    W : array (2, n_units), the layer's weights (column j is unit j's w).
    b : array (n_units,), its biases.
    ax : matplotlib Axes, or None for a new figure (limits -1..1 then).
    title : str or None (keep the current title).
    label_units : bool, write each unit's number next to its arrow.

    Returns
    -------
    ax : the matplotlib Axes drawn on.
    """
    try:
        W = np.asarray(W, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError("W and b must be numeric arrays, W of shape (2, n_units) and b of shape (n_units,)") from error
    if W.ndim != 2 or W.shape[0] != 2:
        raise ValueError(f"W must have shape (2, n_units): one column per unit of a layer with 2 inputs; "
                         f"got shape {W.shape}")
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape ({W.shape[1]},), one bias per unit; got shape {b.shape}")
    if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
        raise ValueError("W and b contain nan or inf; there is no line to draw")
    ax = _new_axes_if_none(ax)
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    centre = np.array([np.mean(xlim), np.mean(ylim)])
    diagonal = float(np.hypot(xlim[1] - xlim[0], ylim[1] - ylim[0]))
    placed = []  # where earlier units' labels went: each new one goes as far from them as its line allows
    for unit in range(W.shape[1]):
        w, bias = W[:, unit], b[unit]
        norm = float(np.hypot(*w))
        if norm == 0:  # z = b everywhere: no line
            continue
        colour = COLORS[2 + unit % 5]  # not the classes' COLORS[0] and [1], nor black (the decision boundary)
        # The point of the line closest to the centre of the view, and the line's direction.
        closest = centre - (w @ centre + bias) / norm ** 2 * w
        along = np.array([-w[1], w[0]]) / norm
        ends = np.array([closest - diagonal * along, closest + diagonal * along])
        ax.plot(ends[:, 0], ends[:, 1], color=colour, linewidth=1.6, linestyle="--")
        foot = _label_spot(closest, along, w / norm, xlim, ylim, diagonal, placed)
        placed.append(foot + 0.09 * diagonal * w / norm)
        tip = foot + 0.06 * diagonal * w / norm
        ax.annotate("", xy=tip, xytext=foot, arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.6})
        if label_units:
            ax.text(*(foot + 0.09 * diagonal * w / norm), str(unit + 1), color=colour, fontsize=10,
                    fontweight="bold", ha="center", va="center",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": colour, "alpha": 0.85})
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    if title is not None:
        ax.set_title(title)
    if not ax.get_xlabel():
        ax.set_xlabel("x₁")
    if not ax.get_ylabel():
        ax.set_ylabel("x₂")
    return ax


def _check_history(values, label):
    try:
        values = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{label} must be a sequence of numbers (one loss per epoch)") from error
    if values.ndim != 1:
        raise ValueError(f"{label} must be a 1-D sequence of losses; got shape {values.shape} "
                         "(pass several curves as a dict {label: losses})")
    if values.size == 0:
        raise ValueError(f"{label} is empty: there is no loss to plot")
    return values


def plot_loss_curves(histories, ax=None, title="Training loss", log_scale=False):
    """Plot loss against epoch for one training run or several.

    Parameters
    ----------
    histories : a sequence of losses (e.g. ``model.loss_history_``), or a dict
        ``{label: sequence}`` to compare runs; each gets a legend entry.
    ax : matplotlib Axes, or None for a new figure.
    title : str
    log_scale : bool, logarithmic loss axis (useful when the loss spans
        several orders of magnitude); every loss must then be positive.

    Returns
    -------
    ax : the matplotlib Axes drawn on.
    """
    if isinstance(histories, dict):
        if not histories:
            raise ValueError("histories is an empty dict: there is no loss curve to plot")
        curves = {str(label): _check_history(values, f"histories[{label!r}]") for label, values in histories.items()}
    else:
        curves = {None: _check_history(histories, "histories")}
    if log_scale and any(np.any(values <= 0) for values in curves.values()):
        raise ValueError("log_scale=True needs every loss to be positive; plot with log_scale=False instead")

    ax = _new_axes_if_none(ax)
    for k, (label, values) in enumerate(curves.items()):
        epochs = np.arange(1, len(values) + 1)
        ax.plot(epochs, values, color=COLORS[k % len(COLORS)], linewidth=1.8, label=label)
    if log_scale:
        ax.set_yscale("log")
    if isinstance(histories, dict):
        ax.legend(loc="best")
    ax.set_title(title)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (log scale)" if log_scale else "loss")
    return ax


def plot_function_and_derivative(fn, grad_fn, name, z=None, ax=None):
    """Plot an activation ``fn(z)`` and its derivative ``grad_fn(z)`` on the same axes.

    Parameters
    ----------
    fn, grad_fn : callables mapping an array of z values to an array of the same shape.
    name : str, used in the legend ("name(z)", "name'(z)") and the title.
    z : 1-D array of z values (default ``np.linspace(-6, 6, 401)``).
    ax : matplotlib Axes, or None for a new figure.

    Returns
    -------
    ax : the matplotlib Axes drawn on.
    """
    if not callable(fn) or not callable(grad_fn):
        raise TypeError("fn and grad_fn must be functions, e.g. sigmoid and sigmoid_grad (without parentheses)")
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'sigmoid'; got {type(name).__name__}")
    z = np.linspace(-6, 6, 401) if z is None else np.asarray(z, dtype=np.float64)
    if z.ndim != 1 or z.size < 2:
        raise ValueError(f"z must be a 1-D array of at least 2 values; got shape {z.shape}")
    values = np.asarray(fn(z), dtype=np.float64)
    slopes = np.asarray(grad_fn(z), dtype=np.float64)
    for label, result in ((f"{name}(z)", values), (f"{name}'(z)", slopes)):
        if result.shape != z.shape:
            raise ValueError(f"{label} returned shape {result.shape} for z of shape {z.shape}; it must keep the shape")

    ax = _new_axes_if_none(ax)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.plot(z, values, color=COLORS[0], linewidth=2, label=f"{name}(z)")
    ax.plot(z, slopes, color=COLORS[1], linewidth=2, linestyle="--", label=f"{name}'(z)")
    ax.legend(loc="best")
    ax.set_title(f"{name} and its derivative")
    ax.set_xlabel("z")
    ax.set_ylabel("value")
    return ax


def plot_confusion_matrix(y_true, y_pred, labels=None, ax=None, title="Confusion matrix"):
    """Counts of (true, predicted) label pairs, via scikit-learn's ``ConfusionMatrixDisplay``.

    Parameters
    ----------
    y_true, y_pred : arrays (n_samples,) of class labels.
    labels : the classes to show, in order (default: every label seen in either).
    ax : matplotlib Axes, or None for a new figure.
    title : str

    Returns
    -------
    ax : the matplotlib Axes drawn on; row = true label, column = predicted label.
    """
    from sklearn.metrics import ConfusionMatrixDisplay

    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim != 1 or y_pred.ndim != 1:
        raise ValueError(f"y_true and y_pred must be 1-D arrays of labels; got shapes {y_true.shape} and "
                         f"{y_pred.shape}")
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {len(y_true)} labels but y_pred has {len(y_pred)}; they must match")
    if len(y_true) == 0:
        raise ValueError("y_true and y_pred are empty: there is nothing to count")
    ax = _new_axes_if_none(ax, figsize=(5, 4.5))
    # "Blues" is a single-hue sequential map: it reads the same with any colour vision.
    display = ConfusionMatrixDisplay.from_predictions(y_true, y_pred, labels=labels, ax=ax, cmap="Blues",
                                                      colorbar=False)
    ax = display.ax_
    ax.set_title(title)
    ax.set_xlabel("predicted label")
    ax.set_ylabel("true label")
    return ax
