"""Interactive explorers for the lessons (ipywidgets).

Each explorer has three layers, so the interesting part can be tested and
reused without a browser:

* a plain function that computes the numbers (``activation_at``,
  ``losses_at``, ``chain_rule_values``, ``graph_steps``, ...);
* a private ``_draw_...(..., ax)`` function that draws them on a matplotlib
  Axes - call it yourself to make the same picture as a static figure;
* the builder (``activation_explorer()``, ...), which wires controls to the two
  and returns the widget.  It does not display anything itself: make it the
  last expression of a cell and Jupyter shows it.

Every explorer fits a 1366 x 768 laptop screen with its controls and figure
in view (at most about 900 x 560 CSS px): the controls and the text sit in a
column beside a modest figure (wide figures get a compact row of controls
above), every control has a fixed width and its whole label, and figures go
through ``set_figure`` (sharp on high-density screens, shown at their own size).
On the page each explorer carries the CSS classes ``nn-explorer`` and
``nn-explorer-<name>``, its figure ``nn-explorer-figure``.

Only widgets and calls present in both ipywidgets 7.7 (Google Colab) and
ipywidgets 8 are used.
"""

import io
import numbers
import re
import time

import ipywidgets as widgets
from matplotlib.figure import Figure
import numpy as np

from .autograd import BACKWARD_RULES, Value, topological_order
from .activations import ACTIVATIONS, DERIVATIVES, check_activation_name, sigmoid, sigmoid_grad
from .losses import binary_cross_entropy, binary_cross_entropy_grad, mse, mse_grad
from .plotting import COLORS, MARKERS, plot_decision_boundary, plot_loss_curves

DATASETS = ("xor", "moons", "circles", "heart")
PLAYGROUND_DATASETS = ("moons", "circles", "xor")
ACTIVATION_NAMES = ("sigmoid", "tanh", "relu")

# The two heart-disease features dataset_points("heart") shows: both numeric,
# both easy to picture (older patients and patients whose heart rate stays low
# under exercise are more often diseased), and matched by name so the choice
# does not depend on the column order of data/heart.csv.
HEART_FEATURES = ("age", "max heart rate")
_HEART_NAME_PATTERNS = ((("age",),), (("max", "heart"), ("max", "hr"), ("thalach",)))
_HEART_FALLBACK_COLUMNS = (0, 7)  # age and thalach in the UCI Cleveland column order


# --------------------------------------------------------------------------- helpers

class Explorer(widgets.VBox):
    """A VBox whose text form is one short line: ``Explorer([slider, image], "L2 explorer")``.

    The default text form of a widget lists every control and its values; a
    notebook saved with outputs (and any viewer that cannot run widgets, such
    as GitHub) shows this line instead.  Lessons wrap their own widgets in it too.

    Every Explorer carries the CSS classes ``nn-explorer`` and ``nn-explorer-<name>``
    (``explorer_css_class(name)``, e.g. ``nn-explorer-chain-rule``), so a browser test
    can find each one on the page.
    """

    def __init__(self, children, name):
        super().__init__(children)
        self._explorer_name = name
        self.add_class("nn-explorer")
        self.add_class(explorer_css_class(name))

    def __repr__(self):
        return f"<{self._explorer_name}: an interactive widget - run the notebook in Jupyter or Colab to use it>"


def explorer_css_class(name):
    """'nn-explorer-chain-rule' for "chain-rule explorer": the CSS class that marks one explorer on the page."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(name).lower().removesuffix(" explorer")).strip("-")
    return f"nn-explorer-{slug}"


def _check_number(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    return float(value)


def _check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def figure_to_png(fig, dpi=80):
    """The matplotlib Figure ``fig`` as PNG bytes, ready for ``ipywidgets.Image(value=...)``.

    An Image widget holds its picture as a value, so it behaves the same in
    JupyterLab, Colab, nbconvert and nbval; capturing pyplot output in an
    Output widget depends on the front end routing the display messages.
    Draw on a bare ``matplotlib.figure.Figure`` (not pyplot), so the inline
    backend never shows the figure a second time under the cell.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


# Explorer figures are laid out at SCREEN_DPI CSS pixels per inch and rendered with
# PIXEL_DENSITY device pixels per CSS pixel, so they stay sharp on high-density screens.
SCREEN_DPI = 80
PIXEL_DENSITY = 2


def set_figure(image, fig):
    """Put the matplotlib Figure ``fig`` into the Image widget ``image``, sharp and at its own size.

    The PNG has PIXEL_DENSITY times the pixels of the figure's size at SCREEN_DPI;
    the widget is shown at that size in CSS pixels (never wider than its cell), so a
    6 x 4 inch figure takes 480 x 320 px on screen and stays crisp on a 2x display.
    """
    image.value = figure_to_png(fig, dpi=SCREEN_DPI * PIXEL_DENSITY)
    image.layout.width = f"{round(fig.get_figwidth() * SCREEN_DPI)}px"
    image.layout.max_width = "100%"
    image.layout.height = "auto"


_MARGINS = {"left": 0.15, "right": 0.96, "bottom": 0.15, "top": 0.9, "wspace": 0.3}


def _show_figure(image, draw, ncols=1, figsize=(5, 3.6), margins=None):
    """Draw a fresh figure with ``draw(axes)`` and put it into the Image widget ``image``."""
    fig = Figure(figsize=figsize)
    axes = fig.subplots(1, ncols)
    # Fixed margins (fractions of the figure) instead of tight_layout, which would lay the
    # figure out a second time: drawing, not computing, is the slow part of each update.
    fig.subplots_adjust(**{**_MARGINS, **(margins or {})})
    draw(axes)
    set_figure(image, fig)


# Explorers must fit a 1366 x 768 laptop screen (about 1366 x 640 px of notebook):
# controls and figure side by side, the whole explorer at most about 900 x 560 CSS px.
# Every control gets an explicit width, so its label is never cut and the layout
# is the same in JupyterLab, Colab and Notebook.
PANEL_WIDTH = 330  # CSS px: the column of controls and text beside the figure
CHAIN_PANEL_WIDTH = 450  # the chain-rule explorer's column holds its table of derivatives
_LABELS = {"description_width": "initial"}  # the whole label, never "weight sc..."


def _px(width):
    return widgets.Layout(width=f"{width}px")


def _slider(kind, description, width=PANEL_WIDTH - 10, **options):
    """A slider of ``kind`` (e.g. widgets.FloatSlider) with its whole label and a fixed width; redraws on release."""
    options.setdefault("continuous_update", False)  # redraw when released, not for every pixel it moves
    return kind(description=description, style=_LABELS, layout=_px(width), **options)


def _dropdown(description, options, value, width=PANEL_WIDTH - 10):
    return widgets.Dropdown(options=options, value=value, description=description, style=_LABELS,
                            layout=_px(width))


def _live_explorer(name, rows, update, ncols=1, figsize=(5, 3.6), beside=True, panel_width=PANEL_WIDTH,
                   margins=None):
    """Wire controls to a text and a figure; return the Explorer.

    rows : list of lists of controls.
    update : callable () -> (html, draw); called now and whenever a control's
        value changes; ``draw(axes)`` makes the figure.
    beside : True puts the controls, one under another, and the text in a column
        ``panel_width`` px wide left of the figure; False puts each row of
        controls in a line above the text and the figure (for wide figures).
    margins : dict for ``Figure.subplots_adjust``, replacing some of ``_MARGINS``.
    """
    text = widgets.HTML(layout=widgets.Layout(width="auto"))
    image = widgets.Image(format="png")
    image.add_class("nn-explorer-figure")

    def refresh(change=None):
        html, draw = update()
        # The widgets' own line height (28 px, a control's height) would make a paragraph twice as tall.
        text.value = f"<div style='line-height: 1.4'>{html}</div>"
        _show_figure(image, draw, ncols=ncols, figsize=figsize, margins=margins)

    for row in rows:
        for control in row:
            control.observe(refresh, names="value")
    refresh()
    if beside:
        panel = widgets.VBox([control for row in rows for control in row] + [text],
                             layout=widgets.Layout(width=f"{panel_width}px", flex="0 0 auto"))
        panel.add_class("nn-explorer-controls")
        children = [widgets.HBox([panel, image], layout=widgets.Layout(align_items="flex-start"))]
    else:
        lines = [widgets.HBox(row) for row in rows]
        for line in lines:
            line.add_class("nn-explorer-controls")
        children = [*lines, text, image]
    explorer = Explorer(children, name)
    # As wide as its contents (never the whole cell), so its box on the page is the explorer itself.
    explorer.layout.width = "fit-content"
    explorer.layout.max_width = "100%"
    return explorer


def _scatter_classes(X, y, ax):
    for k, label in enumerate(np.unique(y)):
        members = y == label
        ax.scatter(X[members, 0], X[members, 1], c=COLORS[k % len(COLORS)], marker=MARKERS[k % len(MARKERS)],
                   edgecolors="black", linewidths=0.6, s=36, label=f"class {label}")


# --------------------------------------------------------------------------- lesson 0: datasets

def _heart_columns(feature_names):
    """Indices of the age and maximum-heart-rate columns, found by name."""
    lowered = [str(name).lower() for name in feature_names]
    found = []
    for alternatives, fallback in zip(_HEART_NAME_PATTERNS, _HEART_FALLBACK_COLUMNS):
        # A name equal to a pattern wins over one that merely contains it ("age" before "average ...").
        exact = [i for i, name in enumerate(lowered) if any(name == " ".join(parts) for parts in alternatives)]
        partial = [i for i, name in enumerate(lowered) if any(all(part in name for part in parts)
                                                               for parts in alternatives)]
        found.append((exact + partial + [fallback])[0])
    return found


def dataset_points(name, n_samples=300, noise=0.2, seed=0):
    """(X, y) for one of the course's 2-D datasets.

    Parameters
    ----------
    name : "xor", "moons", "circles" or "heart"
        * "xor": the four XOR points (0,0), (0,1), (1,0), (1,1) with labels
          0, 1, 1, 0 - exactly, so n_samples, noise and seed are ignored;
        * "moons": ``sklearn.datasets.make_moons``;
        * "circles": ``sklearn.datasets.make_circles`` with the inner circle
          at half the radius (factor=0.5);
        * "heart": two of the 13 heart-disease features, age and maximum heart
          rate (``HEART_FEATURES``), each standardised to mean 0 and standard
          deviation 1 over all 303 patients; n_samples, noise and seed are ignored.
    n_samples : int >= 2, points for moons and circles.
    noise : float >= 0, standard deviation of the Gaussian noise for moons and circles.
    seed : int, random_state for moons and circles.

    Returns
    -------
    X : float64 array (n, 2)
    y : int64 array (n,) of 0/1 labels
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {list(DATASETS)}")
    if name == "xor":
        X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        return X, np.array([0, 1, 1, 0], dtype=np.int64)
    if name == "heart":
        from .data import load_heart

        X_all, y, feature_names = load_heart()
        X = np.asarray(X_all, dtype=np.float64)[:, _heart_columns(feature_names)]
        X = (X - X.mean(axis=0)) / X.std(axis=0)
        return X, np.asarray(y, dtype=np.int64)

    from sklearn.datasets import make_circles, make_moons

    n_samples = _check_int(n_samples, "n_samples", 2)
    noise = _check_number(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0; got {noise}")
    if name == "moons":
        X, y = make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    else:
        X, y = make_circles(n_samples=n_samples, noise=noise, factor=0.5, random_state=seed)
    return X.astype(np.float64), y.astype(np.int64)


def _draw_dataset(X, y, name, ax):
    """Scatter a 2-D dataset, one colour and marker per class."""
    _scatter_classes(X, y, ax)
    ax.legend(loc="best")
    ax.set_title(f"{name}: {len(X)} points")
    if name == "heart":
        ax.set_xlabel(f"{HEART_FEATURES[0]} (standardised)")
        ax.set_ylabel(f"{HEART_FEATURES[1]} (standardised)")
    else:
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
    return ax


def _dataset_summary(name, X, y):
    counts = np.bincount(y, minlength=2)
    return (f"<b>{name}</b>: {len(X)} points, {counts[0]} of class 0 and {counts[1]} of class 1. "
            "Can one straight line separate the two classes?")


def dataset_explorer():
    """Lesson 0: choose a dataset and its noise; see the points.

    Controls: a "dataset" Dropdown (xor, moons, circles, heart) and a "noise"
    FloatSlider (moons and circles only).  Returns the widget.
    """
    dataset = _dropdown("dataset", list(DATASETS), "moons")
    noise = _slider(widgets.FloatSlider, "noise", value=0.2, min=0.0, max=0.5, step=0.05, readout_format=".2f")

    def update():
        noise.disabled = dataset.value in ("xor", "heart")  # those two have no noise to choose
        X, y = dataset_points(dataset.value, noise=noise.value)
        return _dataset_summary(dataset.value, X, y), lambda ax: _draw_dataset(X, y, dataset.value, ax)

    return _live_explorer("dataset explorer", [[dataset, noise]], update, figsize=(4.8, 4))


# --------------------------------------------------------------------------- lesson 1: activations

def activation_at(name, z0):
    """(value, slope) of the activation ``name`` ("sigmoid", "tanh", "relu") at the number z0.

    The slope is the derivative from ``nn_helpers.activations.DERIVATIVES``
    (for ReLU, 0 at z0 = 0).  Returns a pair of floats.
    """
    check_activation_name(name)
    z0 = _check_number(z0, "z0")
    return float(ACTIVATIONS[name](z0)), float(DERIVATIVES[name](z0))


def _draw_activation(name, z0, ax, z=None):
    """The activation over z, the point (z0, g(z0)) and the tangent line there."""
    z = np.linspace(-6, 6, 401) if z is None else z
    value, slope = activation_at(name, z0)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.plot(z, ACTIVATIONS[name](z), color=COLORS[0], linewidth=2, label=f"{name}(z)")
    # The tangent: the straight line with the derivative as its slope, drawn near z0 only.
    near = np.linspace(z0 - 1.5, z0 + 1.5, 2)
    ax.plot(near, value + slope * (near - z0), color=COLORS[1], linewidth=2, linestyle="--",
            label=f"tangent, slope {slope:.3f}")
    ax.plot([z0], [value], marker="o", color=COLORS[1], markeredgecolor="black", markersize=8, linestyle="none")
    ax.set_xlim(z[0], z[-1])
    ax.set_ylim(-1.3, 1.3 if name != "relu" else 6.3)
    ax.legend(loc="upper left")
    ax.set_title(f"{name} at z = {z0:.2f}")
    ax.set_xlabel("z")
    ax.set_ylabel(f"{name}(z)")
    return ax


def _activation_summary(name, z0):
    value, slope = activation_at(name, z0)
    notes = {
        "sigmoid": "The sigmoid's slope is never more than 0.25 (its value at z = 0): the activation's own factor "
                   "in a gradient is at most 1/4 per sigmoid layer (the weights multiply in too - lesson 5 measures "
                   "the whole product).",
        "tanh": "tanh's slope is at most 1 (at z = 0), and it is zero-centred; far from 0 it flattens out too.",
        "relu": "ReLU's slope is exactly 1 for z > 0 and 0 for z < 0: no shrinking, but a unit whose z is "
                "negative for every sample gets no gradient at all and never recovers (a dead ReLU).",
    }
    return (f"{name}({z0:.2f}) = <b>{value:.4f}</b>, slope {name}'({z0:.2f}) = <b>{slope:.4f}</b><br>"
            f"{notes[name]}")


def activation_explorer():
    """Lesson 1: choose an activation, move z; see its value and the tangent line (the slope).

    Controls: an "activation" Dropdown (sigmoid, tanh, relu) and a "z"
    FloatSlider in [-6, 6].  Returns the widget.
    """
    activation = _dropdown("activation", list(ACTIVATION_NAMES), "sigmoid")
    z = _slider(widgets.FloatSlider, "z", value=1.0, min=-6.0, max=6.0, step=0.1, readout_format=".1f")

    def update():
        return (_activation_summary(activation.value, z.value),
                lambda ax: _draw_activation(activation.value, z.value, ax))

    return _live_explorer("activation explorer", [[activation, z]], update, figsize=(5.2, 3.8))


def neuron_over_plane(w1, w2, b, extent=3.0, resolution=121):
    """A sigmoid neuron's output sigma(w1 x1 + w2 x2 + b) on a square grid of the plane.

    Parameters: the weights w1, w2 and the bias b (numbers); the grid covers
    [-extent, extent] in both directions with ``resolution`` points per side.
    Returns (x1, x2, a): three arrays of shape (resolution, resolution), the
    grid's coordinates and the neuron's output there.
    """
    w1, w2, b = (_check_number(value, name) for value, name in ((w1, "w1"), (w2, "w2"), (b, "b")))
    axis = np.linspace(-extent, extent, _check_int(resolution, "resolution", 2))
    x1, x2 = np.meshgrid(axis, axis)
    return x1, x2, sigmoid(w1 * x1 + w2 * x2 + b)


def neuron_line(w1, w2, b):
    """The geometry of the line w1 x1 + w2 x2 + b = 0: its point nearest the origin, and its distance.

    That point is -b w / |w|^2, so the line lies at distance |b| / |w| from the
    origin, on the side w points away from when b > 0.  Returns (point, distance)
    with point a (2,) array, or (None, None) when w = 0 (there is no line: the
    output is sigmoid(b) everywhere).
    """
    w = np.array([_check_number(w1, "w1"), _check_number(w2, "w2")])
    b = _check_number(b, "b")
    norm_squared = float(w @ w)
    if norm_squared == 0.0:
        return None, None
    return -b * w / norm_squared, abs(b) / np.sqrt(norm_squared)


def _draw_neuron(w1, w2, b, ax, extent=3.0):
    """The output as a banded heat map, the line where z = 0 (output 0.5), and w's direction drawn from it as its normal."""
    x1, x2, a = neuron_over_plane(w1, w2, b, extent=extent)
    # Bands of 0.1 rather than a smooth image: as readable, and a much smaller PNG.
    image = ax.contourf(x1, x2, a, levels=np.linspace(0.0, 1.0, 11), cmap="cividis")
    ax.figure.colorbar(image, ax=ax, label="output σ(w·x + b)")
    point, _ = neuron_line(w1, w2, b)
    if point is not None:
        ax.contour(x1, x2, w1 * x1 + w2 * x2 + b, levels=[0.0], colors="white", linewidths=2)
        # w's direction, from the line's point nearest the origin, 1.5 long so that it stays in the frame
        # (its length |w| is in the text).
        tip = point + 1.5 * np.array([w1, w2]) / np.hypot(w1, w2)
        ax.annotate("", xy=(tip[0], tip[1]), xytext=(point[0], point[1]),
                    arrowprops={"arrowstyle": "-|>", "color": "#d55e00", "linewidth": 2.5})
        ax.plot([point[0]], [point[1]], "o", color="#d55e00", markersize=6)
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_aspect("equal")
    ax.set_title(f"w = ({w1:.1f}, {w2:.1f}), b = {b:.1f}\nline z = 0 (white), direction of w (orange)")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return ax


def _neuron_summary(w1, w2, b):
    point, distance = neuron_line(w1, w2, b)
    if point is None:
        return (f"w = (0, 0): the output is σ({b:.1f}) = <b>{float(sigmoid(b)):.3f}</b> everywhere - "
                "with no weights the neuron ignores its inputs.")
    norm = float(np.hypot(w1, w2))
    return (f"|w| = <b>{norm:.2f}</b>: the output climbs from 0.1 to 0.9 over a strip {2 * np.log(9) / norm:.2f} "
            f"wide across the line (a bigger |w| makes a sharper step).<br>"
            f"The line z = 0 is perpendicular to w, at distance |b| / |w| = <b>{distance:.2f}</b> from the origin; "
            "w points to the side where the output is above 0.5.")


def neuron_explorer():
    """Lesson 1: move w1, w2 and b; see sigma(w . x + b) over the plane, its line z = 0, and w as the normal.

    Controls: FloatSliders "w1", "w2" and "b" in [-5, 5].  Returns the widget.
    """
    w1, w2, b = (_slider(widgets.FloatSlider, name, value=value, min=-5.0, max=5.0, step=0.1, readout_format=".1f")
                 for name, value in (("w1", 1.0), ("w2", 2.0), ("b", -1.0)))

    def update():
        return (_neuron_summary(w1.value, w2.value, b.value),
                lambda ax: _draw_neuron(w1.value, w2.value, b.value, ax))

    return _live_explorer("neuron explorer", [[w1, w2, b]], update, figsize=(5.2, 4.4),
                          margins={"left": 0.12, "right": 0.98, "bottom": 0.12, "top": 0.87})


# --------------------------------------------------------------------------- lesson 2: losses

def losses_at(p, y):
    """Both losses, and their gradients with respect to p, for a single prediction.

    Parameters
    ----------
    p : float in [0, 1], the predicted probability of class 1.
    y : 0 or 1, the true label.

    Returns
    -------
    dict of float with "mse", "mse_grad", "binary_cross_entropy" and
    "binary_cross_entropy_grad" (gradients with respect to p), computed by
    ``nn_helpers.losses`` on one sample; and "mse_grad_z",
    "binary_cross_entropy_grad_z", the gradients with respect to the logit z
    with p = sigmoid(z) - the ones that move the weights: the p-gradient times
    the sigmoid's slope p (1 - p).
    """
    p = _check_number(p, "p")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p is a probability and must lie in [0, 1]; got {p}")
    if isinstance(y, bool) or y not in (0, 1):
        raise ValueError(f"y is a label and must be 0 or 1; got {y!r}")
    # One sample as a (1, 1) array: the shape the network's output has.
    y_true, y_pred = np.array([[float(y)]]), np.array([[p]])
    slope = p * (1.0 - p)  # dp/dz of the sigmoid
    values = {
        "mse": mse(y_true, y_pred),
        "mse_grad": float(mse_grad(y_true, y_pred)[0, 0]),
        "binary_cross_entropy": binary_cross_entropy(y_true, y_pred),
        "binary_cross_entropy_grad": float(binary_cross_entropy_grad(y_true, y_pred)[0, 0]),
    }
    values["mse_grad_z"] = values["mse_grad"] * slope
    values["binary_cross_entropy_grad_z"] = p - float(y)  # the 1 / (p (1 - p)) cancels against the slope
    return values


def _draw_losses(p, y, ax):
    """MSE and binary cross-entropy as functions of p for the label y, with the point p marked."""
    grid = np.linspace(0.001, 0.999, 300)
    curves = {key: np.array([losses_at(q, y)[key] for q in grid]) for key in ("mse", "binary_cross_entropy")}
    current = losses_at(p, y)
    for k, (key, label) in enumerate((("mse", "MSE"), ("binary_cross_entropy", "binary cross-entropy"))):
        ax.plot(grid, curves[key], color=COLORS[k], linewidth=2, label=label)
        ax.plot([p], [current[key]], marker="o", color=COLORS[k], markeredgecolor="black", markersize=8,
                linestyle="none")
    ax.axvline(y, color="grey", linewidth=0.8, linestyle=":")
    ax.legend(loc="upper center")
    ax.set_title(f"Losses for true label y = {y}")
    ax.set_xlabel("predicted probability p")
    ax.set_ylabel("loss")
    return ax


def _losses_summary(p, y):
    values = losses_at(p, y)
    return (f"p = {p:.3f}, y = {y}<br>"
            f"MSE = <b>{values['mse']:.4f}</b>, gradient dMSE/dp = <b>{values['mse_grad']:.4f}</b><br>"
            f"binary cross-entropy = <b>{values['binary_cross_entropy']:.4f}</b>, "
            f"gradient dBCE/dp = <b>{values['binary_cross_entropy_grad']:.4f}</b><br>"
            f"What moves the weights is the slope with respect to z, the sigmoid's input (p = σ(z)): "
            f"dMSE/dz = <b>{values['mse_grad_z']:.4f}</b>, dBCE/dz = p - y = "
            f"<b>{values['binary_cross_entropy_grad_z']:.4f}</b>.<br>"
            "Cross-entropy's z-slope is p - y, never more than 1 in size, and it does not vanish when the "
            "prediction is confidently wrong; MSE's is 2(p - y)·p(1 - p), which goes to 0 there, so a "
            "saturated sigmoid trained with MSE barely moves.")


def loss_explorer():
    """Lesson 2: move the predicted probability and the label; see each loss and its gradient.

    Controls: a "p" FloatSlider in [0.001, 0.999] and a "label y" ToggleButtons
    (0 or 1).  Returns the widget.
    """
    p = _slider(widgets.FloatSlider, "p", value=0.7, min=0.001, max=0.999, step=0.001, readout_format=".3f")
    # display flex: ipywidgets 8 puts a ToggleButtons' label above its buttons otherwise.
    y = widgets.ToggleButtons(options=[0, 1], value=1, description="label y", style={**_LABELS, "button_width": "60px"},
                              layout=widgets.Layout(width=f"{PANEL_WIDTH - 10}px", display="flex"))

    def update():
        return _losses_summary(p.value, y.value), lambda ax: _draw_losses(p.value, y.value, ax)

    return _live_explorer("loss explorer", [[p, y]], update, figsize=(5.2, 3.8))


# --------------------------------------------------------------------------- lesson 3: initialisation

def activation_spread(weight_scale, n_layers=5, width=100, hidden_activation="relu", seed=0):
    """Standard deviation of the activations after each of ``n_layers`` random layers.

    1000 standard-normal inputs of ``width`` features pass through ``n_layers``
    layers of ``width`` units, no biases, with weights drawn from a normal
    distribution of standard deviation ``weight_scale * sqrt(1 / n_in)``.
    So ``weight_scale = sqrt(2)`` is He initialisation (made for ReLU) and
    ``weight_scale = 1`` is Xavier/LeCun-style (made for tanh).

    Parameters
    ----------
    weight_scale : float > 0
    n_layers : int >= 1
    width : int >= 1, features of the input and units of every layer.
    hidden_activation : "relu", "tanh" or "sigmoid"
    seed : int, for ``np.random.default_rng`` (inputs and weights).

    Returns
    -------
    list of n_layers floats: the standard deviation of layer 1's activations, layer 2's, ...
    """
    weight_scale = _check_number(weight_scale, "weight_scale")
    if weight_scale <= 0:
        raise ValueError(f"weight_scale must be positive; got {weight_scale}")
    n_layers = _check_int(n_layers, "n_layers", 1)
    width = _check_int(width, "width", 1)
    check_activation_name(hidden_activation)
    g = ACTIVATIONS[hidden_activation]
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((1000, width))
    spreads = []
    for _ in range(n_layers):
        W = rng.standard_normal((width, width)) * (weight_scale * np.sqrt(1.0 / width))
        A = g(A @ W)
        spreads.append(float(A.std()))
    return spreads


def _draw_activation_spread(spreads, weight_scale, hidden_activation, ax):
    """Standard deviation per layer on a log axis, so vanishing and exploding both show."""
    layers = np.arange(1, len(spreads) + 1)
    ax.plot(layers, spreads, marker="o", color=COLORS[0], linewidth=2, markeredgecolor="black",
            label=f"weight scale {weight_scale:.3g}")
    ax.axhline(1.0, color="grey", linewidth=0.8, linestyle=":", label="spread of the inputs (1)")
    ax.set_yscale("log")
    ax.set_xticks(layers)
    low, high = min(min(spreads), 1.0), max(max(spreads), 1.0)
    ax.set_ylim(min(low / 3, 0.1), max(high * 3, 10))
    ax.legend(loc="best")
    ax.set_title(f"Spread of {hidden_activation} activations, layer by layer")
    ax.set_xlabel("layer")
    ax.set_ylabel("standard deviation of activations (log scale)")
    return ax


def _spread_summary(spreads, weight_scale, hidden_activation):
    ratio = spreads[-1] / spreads[0]
    if ratio < 0.5:
        verdict = "the signal <b>vanishes</b> with depth"
    elif ratio > 2:
        verdict = "the signal <b>explodes</b> with depth"
    else:
        verdict = "the spread stays roughly <b>constant</b>"
    return (f"weight std = {weight_scale:.3g} × sqrt(1 / n_in): std after layer 1 = {spreads[0]:.3g}, "
            f"after layer {len(spreads)} = {spreads[-1]:.3g} - {verdict}.<br>"
            "He initialisation (scale sqrt(2) ≈ 1.41) is designed for relu; scale 1 (sqrt(1 / n_in)) for tanh.")


def init_scale_explorer():
    """Lesson 3: move the initial weight scale; see activations vanish or explode layer by layer.

    Controls: a "weight scale" FloatLogSlider from 0.1 to 10 and an
    "activation" Dropdown (relu, tanh, sigmoid).  Returns the widget.
    """
    scale = _slider(widgets.FloatLogSlider, "weight scale", value=np.sqrt(2.0), base=10, min=-1, max=1, step=0.01,
                    readout_format=".3g")
    activation = _dropdown("activation", ["relu", "tanh", "sigmoid"], "relu")

    def update():
        spreads = activation_spread(scale.value, hidden_activation=activation.value)
        return (_spread_summary(spreads, scale.value, activation.value),
                lambda ax: _draw_activation_spread(spreads, scale.value, activation.value, ax))

    return _live_explorer("initialisation explorer", [[scale, activation]], update, figsize=(5.2, 3.8))


# --------------------------------------------------------------------------- lessons 4-5: chain rule

def chain_rule_values(x, w, b):
    """Forward and backward pass through the tiny graph z = w * x + b, a = sigmoid(z), L = (a - 1)**2.

    Returns
    -------
    dict of float with the forward values "z", "a", "L"; the local derivatives
    "dL_da" = 2 (a - 1) and "da_dz" = a (1 - a); and, by the chain rule,
    "dL_dz" = dL_da * da_dz, "dL_dw" = dL_dz * x, "dL_db" = dL_dz, "dL_dx" = dL_dz * w.
    """
    x, w, b = _check_number(x, "x"), _check_number(w, "w"), _check_number(b, "b")
    z = w * x + b
    a = float(sigmoid(z))
    L = (a - 1.0) ** 2
    dL_da = 2.0 * (a - 1.0)
    da_dz = float(sigmoid_grad(z))
    dL_dz = dL_da * da_dz
    # z = w * x + b: dz/dw = x, dz/db = 1, dz/dx = w.
    return {"z": z, "a": a, "L": L, "dL_da": dL_da, "da_dz": da_dz, "dL_dz": dL_dz,
            "dL_dw": dL_dz * x, "dL_db": dL_dz, "dL_dx": dL_dz * w}


def _chain_rule_html(x, w, b):
    v = chain_rule_values(x, w, b)
    row = "<tr><td style='padding-right:0.6em'>{}</td><td style='white-space:nowrap'>{}</td></tr>"
    rows = "".join(row.format(left, right) for left, right in (
        ("forward", f"z = w·x + b = {w:.2f} × {x:.2f} + {b:.2f} = <b>{v['z']:.4f}</b>"),
        ("", f"a = σ(z) = <b>{v['a']:.4f}</b>"),
        ("", f"L = (a − 1)² = <b>{v['L']:.4f}</b>"),
        ("local", f"dL/da = 2(a − 1) = {v['dL_da']:.4f}"),
        ("", f"da/dz = a(1 − a) = {v['da_dz']:.4f}"),
        ("", f"dz/dw = x = {x:.2f};&nbsp; dz/db = 1;&nbsp; dz/dx = w = {w:.2f}"),
        ("chain rule", f"dL/dz = dL/da · da/dz = {v['dL_da']:.4f} × {v['da_dz']:.4f} = <b>{v['dL_dz']:.4f}</b>"),
        ("", f"dL/dw = dL/dz · dz/dw = {v['dL_dz']:.4f} × {x:.2f} = <b>{v['dL_dw']:.4f}</b>"),
        ("", f"dL/db = dL/dz · 1 = <b>{v['dL_db']:.4f}</b>"),
        ("", f"dL/dx = dL/dz · dz/dx = {v['dL_dz']:.4f} × {w:.2f} = <b>{v['dL_dx']:.4f}</b>"),
    ))
    return f"<table>{rows}</table>"


def _draw_chain_rule(x, w, b, ax):
    """L as a function of w (x and b fixed), with the tangent whose slope is dL/dw."""
    values = chain_rule_values(x, w, b)
    w_grid = np.linspace(-4, 4, 401)
    ax.plot(w_grid, (sigmoid(w_grid * x + b) - 1.0) ** 2, color=COLORS[0], linewidth=2, label="L(w)")
    near = np.linspace(w - 1, w + 1, 2)
    ax.plot(near, values["L"] + values["dL_dw"] * (near - w), color=COLORS[1], linewidth=2, linestyle="--",
            label=f"tangent, slope dL/dw = {values['dL_dw']:.3f}")
    ax.plot([w], [values["L"]], marker="o", color=COLORS[1], markeredgecolor="black", markersize=8,
            linestyle="none")
    ax.set_ylim(-0.1, 1.1)
    ax.legend(loc="best")
    ax.set_title(f"The loss as w varies (x = {x:.2f}, b = {b:.2f})")
    ax.set_xlabel("w")
    ax.set_ylabel("L = (σ(w·x + b) − 1)²")
    return ax


def chain_rule_explorer():
    """Lessons 4 and 5: move x, w, b; see each local derivative and their product.

    Controls: "x", "w" and "b" FloatSliders in [-3, 3].  Returns the widget.
    """
    sliders = [_slider(widgets.FloatSlider, name, width=CHAIN_PANEL_WIDTH - 10, value=value, min=-3.0, max=3.0,
                       step=0.1, readout_format=".1f")
               for name, value in (("x", 1.5), ("w", 0.8), ("b", -0.5))]
    x, w, b = sliders

    def update():
        return _chain_rule_html(x.value, w.value, b.value), lambda ax: _draw_chain_rule(x.value, w.value, b.value, ax)

    return _live_explorer("chain-rule explorer", [sliders], update, figsize=(4.4, 3.4),
                          panel_width=CHAIN_PANEL_WIDTH)


# --------------------------------------------------------------------------- lesson 4: computational graphs

def example_graph(name):
    """A small graph of ``Value``s to step through; returns its result (the last node).

    "chain" : q = w·x, z = q + b, a = σ(z), L = (a − 1)² with x = 1.5, w = 0.8, b = −0.5
              (the tiny graph of lesson 4, each step one local derivative);
    "fan-out" : q = x + y, f = q·x with x = 2, y = −3 - x is used twice,
              so its gradient is the SUM of two contributions.
    """
    if name == "chain":
        x, w, b = Value(1.5, label="x"), Value(0.8, label="w"), Value(-0.5, label="b")
        q = w * x
        q.label = "q"
        z = q + b
        z.label = "z"
        a = z.sigmoid()
        a.label = "a"
        error = a - 1.0
        error.label = "a − 1"
        loss = error ** 2
        loss.label = "L"
        return loss
    if name == "fan-out":
        x, y = Value(2.0, label="x"), Value(-3.0, label="y")
        q = x + y
        q.label = "q"
        f = q * x
        f.label = "f"
        return f
    raise ValueError(f"unknown example graph {name!r}; choose one of {GRAPH_EXAMPLES}")


GRAPH_EXAMPLES = ("chain", "fan-out")
_ROW = 1.6  # vertical distance between nodes in a column: room for a value above and a gradient below


def _node_name(node):
    return node.label or f"{node.data:g}"


def _d(name):
    """'dw' or 'd(a − 1)': the name of a derivative's denominator, in brackets when it has spaces."""
    return f"d({name})" if " " in name else f"d{name}"


def _equation(node):
    """'z = w·x + b', or just 'a − 1' when the label is the formula itself."""
    formula = _formula(node)
    return formula if node.label in ("", formula) else f"{node.label} = {formula}"


def _formula(node):
    """'w × x', 'σ(z)', '(a − 1)^2': how ``node`` was computed from its inputs."""
    names = [_node_name(child) for child in node._prev]
    names = [f"({name})" if " " in name else name for name in names]
    if len(names) == 2:
        return f"{names[0]} {node.symbol} {names[1]}"
    if node._op == "pow":
        return f"{names[0]}{node.symbol}"
    return f"{node.symbol}({names[0]})"


def graph_steps(root):
    """The forward and backward passes through the graph ending at ``root``, one step at a time.

    Returns a list of dicts, one per step (step 0 shows only the inputs):
    ``"values"`` and ``"grads"`` map each node (by index in ``topological_order(root)``)
    to the number known so far (a node missing from the dict is not computed yet);
    ``"active"`` is the index of the node this step computes (None at step 0);
    ``"contributions"`` maps input index -> what the active node's backward rule
    added to that input's grad (backward steps only); ``"text"`` says what happened.
    Leaves ``root``'s graph with the gradients of ``root.backward()``.
    """
    if not isinstance(root, Value):
        raise TypeError(f"graph_steps needs the Value at the end of a graph; got {type(root).__name__}")
    order = topological_order(root)
    index = {id(node): i for i, node in enumerate(order)}
    values = {i: node.data for i, node in enumerate(order) if not node._op}
    named = ", ".join(f"{n.label} = {n.data:.3g}" for n in order if not n._op and n.label)
    constants = ", ".join(f"{n.data:g}" for n in order if not n._op and not n.label)
    steps = [{"values": dict(values), "grads": {}, "active": None, "contributions": {},
              "text": f"The inputs: {named}" + (f" (and the constant {constants})" if constants else "")}]
    for i, node in enumerate(order):
        if node._op:
            values[i] = node.data
            steps.append({"values": dict(values), "grads": {}, "active": i, "contributions": {},
                          "text": f"Forward: {_equation(node)} = {node.data:.4g}"})
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    grads = {index[id(root)]: 1.0}
    steps.append({"values": dict(values), "grads": dict(grads), "active": index[id(root)], "contributions": {},
                  "text": f"Backward starts: d{_node_name(root)}/d{_node_name(root)} = 1"})
    for node in reversed(order):
        if not node._op:
            continue
        children = list(dict.fromkeys(id(child) for child in node._prev))  # x * x has one input, used twice
        before = {child: order[index[child]].grad for child in children}
        BACKWARD_RULES[node._op](*node._prev, node)
        contributions = {index[child]: order[index[child]].grad - before[child] for child in children}
        parts = []
        for child, added in contributions.items():
            if not order[child].label:  # a constant such as the 1 in a - 1: its gradient is never used
                grads[child] = order[child].grad
                continue
            name = _node_name(order[child])
            if child in grads:  # a second use: the gradients add
                parts.append(f"d{_node_name(root)}/{_d(name)} = {grads[child]:.4g} + {added:.4g} "
                             f"= {order[child].grad:.4g} (used twice: the contributions ADD)")
            else:
                parts.append(f"d{_node_name(root)}/{_d(name)} = {added:.4g}")
            grads[child] = order[child].grad
        steps.append({"values": dict(values), "grads": dict(grads), "active": index[id(node)],
                      "contributions": contributions,
                      "text": f"Backward through {_equation(node)}: " + "; ".join(parts)})
    return steps


def graph_layout(root):
    """(x, y) position of every node of the graph (by index in ``topological_order(root)``): inputs left, result right."""
    order = topological_order(root)
    index = {id(node): i for i, node in enumerate(order)}
    column = {}
    for i, node in enumerate(order):
        column[i] = 1 + max((column[index[id(child)]] for child in node._prev), default=-1)
    parents = {i: [] for i in range(len(order))}
    for i, node in enumerate(order):
        for child in node._prev:
            parents[index[id(child)]].append(i)
    for i, node in enumerate(order):  # an input sits just left of the first node that uses it
        if not node._op and parents[i]:
            column[i] = min(column[p] for p in parents[i]) - 1
    y = {}
    for col in sorted(set(column.values())):
        members = [i for i in range(len(order)) if column[i] == col]
        wanted = {i: (np.mean([y[index[id(c)]] for c in order[i]._prev]) if order[i]._op else 0.0)
                  for i in members}
        leaves = [i for i in members if not order[i]._op]
        for k, i in enumerate(leaves):  # spread the inputs of a column around their parent's height
            wanted[i] = _ROW * (k - (len(leaves) - 1) / 2 + (0.5 if len(leaves) < len(members) else 0.0))
        placed = sorted(members, key=lambda i: (wanted[i], i))
        for k, i in enumerate(placed):
            y[i] = wanted[i] if k == 0 else max(wanted[i], y[placed[k - 1]] + _ROW)
    return {i: (float(column[i]), float(y[i])) for i in range(len(order))}


def draw_graph_step(root, steps, step, ax):
    """Draw the graph ending at ``root`` as it stands after ``steps[step]`` (from ``graph_steps``) on the Axes ``ax``.

    Values known so far in blue above each node, gradients in orange below;
    the node computed in this step is highlighted, and on a backward step the
    edges it sends gradients along are drawn in orange with what they carry.
    """
    order = topological_order(root)
    index = {id(node): i for i, node in enumerate(order)}
    position = graph_layout(root)
    state = steps[step]
    value_colour, grad_colour, active_colour = COLORS[0], COLORS[1], COLORS[4]
    for i, node in enumerate(order):
        for child in dict.fromkeys(node._prev):
            c = index[id(child)]
            backward_edge = state["active"] == i and c in state["contributions"]
            (x0, y0), (x1, y1) = position[c], position[i]
            ax.annotate("", xy=(x1 - 0.32, y1), xytext=(x0 + 0.32, y0),
                        arrowprops=dict(arrowstyle="-|>", color=grad_colour if backward_edge else "0.55",
                                        linewidth=2.5 if backward_edge else 1.2))
            if backward_edge:
                ax.text((x0 + x1) / 2, (y0 + y1) / 2, f"{state['contributions'][c]:+.3g}",
                        color=grad_colour, ha="center", va="center", fontsize=9, fontweight="bold",
                        bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none"))
    for i, node in enumerate(order):
        x, y = position[i]
        is_active = state["active"] == i
        text = _node_name(node) if not node._op else f"{node.symbol}\n{node.label}" if node.label else node.symbol
        ax.text(x, y, text, ha="center", va="center", fontsize=10,
                bbox=dict(boxstyle="round,pad=0.35" if not node._op else "circle,pad=0.25",
                          facecolor=active_colour if is_active else "white",
                          edgecolor="black", linewidth=2 if is_active else 1))
        gap = 21 if node._op and node.label else 13  # points: clear of a two-line circle or a one-line box
        if not node._op and not node.label:
            continue  # a constant such as the 1 in a - 1: its box shows its value, its gradient is never used
        if i in state["values"]:
            ax.annotate(f"{state['values'][i]:.3g}", (x, y), xytext=(0, gap), textcoords="offset points",
                        color=value_colour, ha="center", va="bottom", fontsize=9)
        if i in state["grads"]:
            ax.annotate(f"{state['grads'][i]:.3g}", (x, y), xytext=(0, -gap), textcoords="offset points",
                        color=grad_colour, ha="center", va="top", fontsize=9, fontweight="bold")
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_axis_off()
    phase = "inputs" if step == 0 else "forward" if not state["grads"] else "backward"
    ax.set_title(f"step {step} of {len(steps) - 1} ({phase}): value (blue) above, gradient (orange) below",
                 fontsize=10)
    return ax


def graph_explorer(example="chain"):
    """Lesson 4: step through a computational graph - values forward, then gradients backward.

    Controls: a "graph" Dropdown (``GRAPH_EXAMPLES``) and "◀ back" / "next ▶" Buttons.
    Returns the widget.
    """
    if example not in GRAPH_EXAMPLES:
        raise ValueError(f"unknown example graph {example!r}; choose one of {GRAPH_EXAMPLES}")
    choice = _dropdown("graph", GRAPH_EXAMPLES, example, width=170)
    back = widgets.Button(description="◀ back", layout=_px(80))
    forward_button = widgets.Button(description="next ▶", layout=_px(80))
    # The state; also draggable: the largest graph has 12 steps, each some 15 px apart on the track.
    position = _slider(widgets.IntSlider, "step", width=260, value=0, min=0, max=1, continuous_update=True)
    graph = {}

    def rebuild(change=None):
        graph["root"] = example_graph(choice.value)
        graph["steps"] = graph_steps(graph["root"])
        position.max = len(graph["steps"]) - 1
        position.value = 0

    rebuild()
    choice.observe(rebuild, names="value")
    back.on_click(lambda _: setattr(position, "value", max(position.min, position.value - 1)))
    forward_button.on_click(lambda _: setattr(position, "value", min(position.max, position.value + 1)))

    def update():
        root, steps = graph["root"], graph["steps"]
        step = position.value
        return (f"<b>{steps[step]['text']}</b>",
                lambda ax: draw_graph_step(root, steps, step, ax))

    return _live_explorer("graph explorer", [[choice, back, forward_button, position]], update,
                          figsize=(8, 3.4), beside=False, margins={"left": 0.01, "right": 0.99, "bottom": 0.02})


# --------------------------------------------------------------------------- lesson 6: training playground

def train_playground(hidden_units=8, learning_rate=0.5, epochs=600, hidden_activation="relu", dataset="moons",
                     seed=0):
    """Train a NeuralNet on a 2-D dataset; returns (model, X, y). Fast enough to re-train within 0.3 s.

    The network has one hidden layer of ``hidden_units`` units and is trained
    by full-batch gradient descent on ``dataset_points(dataset, seed=seed)``
    (300 points for moons and circles).  The features are standardised first
    (mean 0, standard deviation 1 per column), so one learning rate suits
    every dataset; X is returned standardised, ready for
    ``plot_decision_boundary(model, X, y)``.

    Returns
    -------
    model : fitted ``NeuralNet`` (its ``loss_history_`` holds the loss curve)
    X : float64 array (n, 2), the standardised training points
    y : int64 array (n,), their labels
    """
    from .neural_net import NeuralNet

    hidden_units = _check_int(hidden_units, "hidden_units", 1)
    X, y = dataset_points(dataset, seed=seed)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    model = NeuralNet(hidden_layer_sizes=(hidden_units,), hidden_activation=hidden_activation,
                      learning_rate=learning_rate, epochs=epochs, seed=seed)
    with np.errstate(over="ignore", invalid="ignore"):
        # A learning rate far too large is one of the things to try here: let
        # the weights blow up quietly, and report it in the summary instead.
        model.fit(X, y)
    return model, X, y


def _diverged(model):
    """True if training blew up: a weight or a loss is inf or nan."""
    return not (np.all(np.isfinite(model.loss_history_))
                and all(np.all(np.isfinite(value)) for value in model.params_.values()))


def _draw_playground(model, X, y, axes, resolution=100):
    """Decision boundary on axes[0], the training loss curve on axes[1]."""
    if _diverged(model):
        _draw_dataset(X, y, "training diverged", axes[0])
        axes[0].set_title("Training diverged: no boundary to draw")
    else:
        plot_decision_boundary(model, X, y, ax=axes[0], title="Decision boundary", resolution=resolution,
                               colorbar=False)
    # Only the finite part of the curve can be drawn (none of it if the very first loss was inf).
    history = np.asarray(model.loss_history_, dtype=np.float64)
    finite = history[: np.argmin(np.isfinite(history))] if not np.all(np.isfinite(history)) else history
    plot_loss_curves(finite if finite.size else [np.nan], ax=axes[1], title="Training loss")
    return axes


def _playground_summary(model, X, y, seconds):
    if _diverged(model):
        return "<b>Training diverged</b>: the loss became infinite or undefined. Lower the learning rate."
    history = model.loss_history_
    accuracy = float(np.mean(model.predict(X) == y))
    text = (f"training accuracy <b>{accuracy:.1%}</b>, loss {history[0]:.3f} → <b>{history[-1]:.4f}</b> "
            f"after {len(history)} epochs (trained in {seconds:.2f} s)")
    # Still more than 1 % lower than 10 % of the epochs ago: training has not settled yet.
    if accuracy < 0.95 and history[-1] < 0.99 * history[int(0.9 * (len(history) - 1))]:
        text += "<br>The loss is still falling: try more epochs or a larger learning rate."
    return text


def playground():
    """Lesson 6: hidden units, learning rate, epochs, activation, dataset -> decision boundary and loss curve.

    Controls: "hidden units" IntSlider (1-32), "learning rate" FloatLogSlider
    (0.01-3), "epochs" IntSlider (50-1000, step 50), "activation" Dropdown and
    "dataset" Dropdown (moons, circles, xor).  Sliders re-train when released.
    Returns the widget.
    """
    hidden = _slider(widgets.IntSlider, "hidden units", width=270, value=8, min=1, max=32, step=1)
    rate = _slider(widgets.FloatLogSlider, "learning rate", width=270, value=0.5, base=10, min=-2,
                   max=np.log10(3.0), step=0.01, readout_format=".3g")
    epochs = _slider(widgets.IntSlider, "epochs", width=270, value=600, min=50, max=1000, step=50)
    activation = _dropdown("activation", ["relu", "tanh", "sigmoid"], "relu", width=200)
    dataset = _dropdown("dataset", list(PLAYGROUND_DATASETS), "moons", width=200)

    def update():
        start = time.perf_counter()
        model, X, y = train_playground(hidden.value, rate.value, epochs.value, activation.value, dataset.value)
        seconds = time.perf_counter() - start
        return _playground_summary(model, X, y, seconds), lambda axes: _draw_playground(model, X, y, axes)

    return _live_explorer("training playground", [[hidden, rate, epochs], [activation, dataset]], update,
                          ncols=2, figsize=(9.6, 3.4), beside=False, margins={"left": 0.08, "right": 0.98})
