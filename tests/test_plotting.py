"""Tests for nn_helpers.plotting: what each plot draws, its labels, and its errors."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from sklearn.datasets import make_blobs, make_moons  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from nn_helpers.activations import relu, relu_grad, sigmoid, sigmoid_grad  # noqa: E402
from nn_helpers.plotting import (COLORS, plot_confusion_matrix, plot_decision_boundary,  # noqa: E402
                                 plot_function_and_derivative, plot_loss_curves)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(n_samples=60, noise=0.2, random_state=0)
    return X, y, LogisticRegression().fit(X, y)


def scatter_collections(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def contour_sets(ax):
    return [c for c in ax.collections if isinstance(c, ContourSet)]


# ----------------------------------------------------------------------------- plot_decision_boundary

def test_decision_boundary_labels_points_and_colorbar(moons):
    X, y, model = moons
    ax = plot_decision_boundary(model, X, y, title="Logistic regression", resolution=30)
    assert ax.get_title() == "Logistic regression"
    assert ax.get_xlabel() == "x₁" and ax.get_ylabel() == "x₂"
    points = scatter_collections(ax)
    assert len(points) == 2  # one scatter per class, each with its own marker
    assert sorted(len(c.get_offsets()) for c in points) == sorted(np.bincount(y))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    assert len(ax.figure.axes) == 2  # the plot and its colour bar
    assert ax.figure.axes[1].get_ylabel() == "P(class 1)"


def test_decision_boundary_draws_the_half_probability_contour_where_it_belongs():
    # P(class 1) = sigmoid(3 * x1): the boundary is the vertical line x1 = 0.
    X = np.array([[-2.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [2.0, 1.0]])
    y = np.array([0, 0, 1, 1])
    ax = plot_decision_boundary(lambda grid: sigmoid(3 * grid[:, 0]), X, y, resolution=50)
    lines = [c for c in contour_sets(ax) if list(c.levels) == [0.5]]
    assert len(lines) == 1
    vertices = np.vstack([path.vertices for path in lines[0].get_paths()])
    np.testing.assert_allclose(vertices[:, 0], 0.0, atol=0.1)
    assert np.ptp(vertices[:, 1]) > 2  # it spans the plot from bottom to top


def test_decision_boundary_accepts_column_probabilities_and_feature_names(moons):
    X, y, model = moons
    ax = plot_decision_boundary(lambda grid: model.predict_proba(grid)[:, 1:], X, y, resolution=20,
                                feature_names=("age", "max heart rate"))
    assert ax.get_xlabel() == "age" and ax.get_ylabel() == "max heart rate"
    assert any(list(c.levels) == [0.5] for c in contour_sets(ax))


def test_decision_boundary_uses_given_axes(moons):
    X, y, model = moons
    fig, axes = plt.subplots(1, 2)
    assert plot_decision_boundary(model, X, y, ax=axes[1], resolution=20) is axes[1]
    assert scatter_collections(axes[0]) == []


def test_decision_boundary_multiclass_shades_by_class_without_colorbar():
    X, y = make_blobs(n_samples=90, centers=3, random_state=1)
    model = LogisticRegression().fit(X, y)
    ax = plot_decision_boundary(model, X, y, resolution=30)
    assert len(scatter_collections(ax)) == 3
    assert len(ax.figure.axes) == 1
    shading = contour_sets(ax)
    assert len(shading) == 1 and len(shading[0].levels) == 4  # 3 class regions between 4 level edges
    face_colors = {tuple(np.round(c.get_facecolor()[0, :3], 3)) for c in scatter_collections(ax)}
    expected = {tuple(np.round(matplotlib.colors.to_rgb(COLORS[k]), 3)) for k in range(3)}
    assert face_colors == expected


def test_decision_boundary_rejects_wrong_number_of_features(moons):
    _, y, model = moons
    with pytest.raises(ValueError, match="decision boundaries can only be drawn for 2 features; X has 3"):
        plot_decision_boundary(model, np.zeros((len(y), 3)), y)


def test_decision_boundary_rejects_mismatched_lengths(moons):
    X, y, model = moons
    with pytest.raises(ValueError, match="60 rows but y has 59"):
        plot_decision_boundary(model, X, y[:-1])


def test_decision_boundary_rejects_scores_that_are_not_probabilities(moons):
    X, y, _ = moons
    with pytest.raises(ValueError, match="probabilities in \\[0, 1\\]"):
        plot_decision_boundary(lambda grid: 5 * grid[:, 0], X, y, resolution=10)


def test_decision_boundary_rejects_a_model_without_predict_proba(moons):
    X, y, _ = moons
    with pytest.raises(TypeError, match="predict_proba"):
        plot_decision_boundary("not a model", X, y)


def test_decision_boundary_rejects_bad_resolution(moons):
    X, y, model = moons
    with pytest.raises(ValueError, match="resolution"):
        plot_decision_boundary(model, X, y, resolution=1)


# ----------------------------------------------------------------------------- plot_loss_curves

def test_loss_curve_of_one_sequence():
    losses = [0.9, 0.5, 0.3, 0.2]
    ax = plot_loss_curves(losses, title="XOR")
    assert ax.get_title() == "XOR"
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(line.get_ydata(), losses)
    assert ax.get_legend() is None
    assert ax.get_yscale() == "linear"


def test_loss_curves_of_a_dict_get_a_legend_and_log_scale():
    histories = {"lr 0.1": [1.0, 0.5, 0.25], "lr 0.01": [1.0, 0.9, 0.8, 0.7]}
    ax = plot_loss_curves(histories, log_scale=True)
    assert [len(line.get_xdata()) for line in ax.get_lines()] == [3, 4]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["lr 0.1", "lr 0.01"]
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "epoch" and "loss" in ax.get_ylabel()


@pytest.mark.parametrize("histories, message", [
    ([], "empty"),
    ({}, "empty"),
    ([[1.0, 2.0], [3.0, 4.0]], "1-D"),
    ({"run": [[1.0]]}, "1-D"),
])
def test_loss_curves_reject_bad_histories(histories, message):
    with pytest.raises(ValueError, match=message):
        plot_loss_curves(histories)


def test_loss_curves_log_scale_needs_positive_losses():
    with pytest.raises(ValueError, match="positive"):
        plot_loss_curves([1.0, 0.0], log_scale=True)


# ----------------------------------------------------------------------------- plot_function_and_derivative

def test_function_and_derivative_draws_both_curves():
    ax = plot_function_and_derivative(sigmoid, sigmoid_grad, "sigmoid")
    assert ax.get_title() and ax.get_xlabel() == "z" and ax.get_ylabel()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["sigmoid(z)", "sigmoid'(z)"]
    curves = {line.get_label(): line for line in ax.get_lines()}
    z = np.linspace(-6, 6, 401)
    np.testing.assert_array_equal(curves["sigmoid(z)"].get_xdata(), z)
    np.testing.assert_allclose(curves["sigmoid(z)"].get_ydata(), 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(curves["sigmoid'(z)"].get_ydata(), np.exp(-z) / (1 + np.exp(-z)) ** 2)


def test_function_and_derivative_draws_the_zero_axes_and_takes_z():
    z = np.linspace(-2, 3, 11)
    ax = plot_function_and_derivative(relu, relu_grad, "relu", z=z)
    curves = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_array_equal(curves["relu'(z)"].get_ydata(), (z > 0).astype(float))
    flat = [line for line in ax.get_lines() if line.get_label().startswith("_")]
    assert len(flat) == 2  # the horizontal and vertical lines through 0


def test_function_and_derivative_rejects_a_called_function():
    with pytest.raises(TypeError, match="without parentheses"):
        plot_function_and_derivative(sigmoid(0.0), sigmoid_grad, "sigmoid")


def test_function_and_derivative_rejects_a_shape_changing_function():
    with pytest.raises(ValueError, match="keep the shape"):
        plot_function_and_derivative(lambda z: z.sum(), sigmoid_grad, "sum")


# ----------------------------------------------------------------------------- plot_confusion_matrix

def test_confusion_matrix_counts_and_labels():
    y_true = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
    y_pred = np.array([0, 1, 0, 1, 2, 2, 2, 0, 2])
    ax = plot_confusion_matrix(y_true, y_pred, title="Digits")
    assert ax.get_title() == "Digits"
    assert ax.get_xlabel() == "predicted label" and ax.get_ylabel() == "true label"
    expected = np.zeros((3, 3), dtype=int)
    for t, p in zip(y_true, y_pred):
        expected[t, p] += 1
    (image,) = ax.get_images()
    np.testing.assert_array_equal(image.get_array(), expected)
    cell_texts = sorted(int(text.get_text()) for text in ax.texts)
    assert cell_texts == sorted(expected.ravel())


def test_confusion_matrix_follows_given_label_order():
    ax = plot_confusion_matrix(["cat", "dog", "dog"], ["cat", "cat", "dog"], labels=["dog", "cat"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["dog", "cat"]
    (image,) = ax.get_images()
    np.testing.assert_array_equal(image.get_array(), [[1, 1], [0, 1]])


def test_confusion_matrix_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="3 labels but y_pred has 2"):
        plot_confusion_matrix([0, 1, 1], [0, 1])


# ----------------------------------------------------------------------------- plot_unit_lines

def _dashed_lines(ax):
    return [line for line in ax.get_lines() if line.get_linestyle() == "--"]


def test_unit_lines_lie_on_each_units_boundary_and_keep_the_limits():
    from nn_helpers.plotting import plot_unit_lines

    _, ax = plt.subplots()
    ax.set_xlim(-2, 3)
    ax.set_ylim(-1, 2)
    W = np.array([[1.0, 0.0, 2.0], [1.0, 1.0, -1.0]])
    b = np.array([-1.0, 0.5, 0.0])
    plot_unit_lines(W, b, ax=ax, title="three units")
    lines = _dashed_lines(ax)
    assert len(lines) == 3
    for unit, line in enumerate(lines):
        points = np.column_stack(line.get_data())
        assert np.allclose(points @ W[:, unit] + b[unit], 0)
    assert ax.get_xlim() == (-2, 3) and ax.get_ylim() == (-1, 2)
    assert ax.get_title() == "three units" and [t.get_text() for t in ax.texts if t.get_text()] == ["1", "2", "3"]


def test_unit_labels_of_lines_crossing_in_one_point_do_not_overlap():
    from nn_helpers.plotting import plot_unit_lines

    _, ax = plt.subplots()
    ax.set_xlim(-2, 2)
    ax.set_ylim(-2, 2)
    angles = np.linspace(0, np.pi, 8, endpoint=False)
    W = np.vstack([np.cos(angles), np.sin(angles)])  # eight lines through the centre: labels would pile up there
    plot_unit_lines(W, np.zeros(8), ax=ax)
    spots = np.array([label.get_position() for label in ax.texts if label.get_text()])
    assert len(spots) == 8
    gaps = np.hypot(*(spots[:, None, :] - spots[None, :, :]).transpose(2, 0, 1))
    assert np.min(gaps[~np.eye(8, dtype=bool)]) > 0.3  # a label box is about 0.2 wide on these axes
    assert np.all(np.abs(spots) <= 2)


def test_unit_line_arrows_point_to_where_z_grows():
    from nn_helpers.plotting import plot_unit_lines

    _, ax = plt.subplots()
    W, b = np.array([[1.0], [-2.0]]), np.array([0.3])
    plot_unit_lines(W, b, ax=ax, label_units=False)
    (arrow,) = [child for child in ax.texts if child.arrow_patch is not None]
    tail, tip = np.array(arrow.xyann), np.array(arrow.xy)
    z = lambda point: point @ W[:, 0] + b[0]  # noqa: E731
    assert z(tip) > z(tail) and np.isclose(z(tail), 0)


def test_a_unit_with_zero_weights_draws_no_line():
    from nn_helpers.plotting import plot_unit_lines

    ax = plot_unit_lines(np.zeros((2, 2)), np.array([1.0, -1.0]))
    assert _dashed_lines(ax) == []


@pytest.mark.parametrize("W, b, message", [
    (np.ones((3, 2)), np.zeros(2), "shape \\(2, n_units\\)"),
    (np.ones((2, 2)), np.zeros(3), "one bias per unit"),
    (np.array([[np.nan], [1.0]]), np.zeros(1), "nan or inf"),
])
def test_unit_lines_reject_bad_weights(W, b, message):
    from nn_helpers.plotting import plot_unit_lines

    with pytest.raises(ValueError, match=message):
        plot_unit_lines(W, b)
