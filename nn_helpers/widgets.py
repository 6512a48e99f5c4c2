"""Interactive explorers for the lessons (ipywidgets).

STUB - being implemented.  Public API (do not change names or signatures).
What each widget calls is a plain, unit-tested function; the widget builders return the widget.
"""


def dataset_points(name, n_samples=300, noise=0.2, seed=0):
    """(X, y) for name in {"xor", "moons", "circles", "heart"} (heart: its first two standardised features)."""
    raise NotImplementedError


def dataset_explorer():
    """Lesson 0: choose a dataset and its noise; see the points."""
    raise NotImplementedError


def activation_at(name, z0):
    """(value, slope) of the activation `name` ("sigmoid", "tanh", "relu") at z0."""
    raise NotImplementedError


def activation_explorer():
    """Lesson 1: choose an activation, move z; see its value and the tangent line (the slope)."""
    raise NotImplementedError


def losses_at(p, y):
    """For one prediction p in [0, 1] and label y in {0, 1}: dict with "mse", "mse_grad",
    "binary_cross_entropy", "binary_cross_entropy_grad"."""
    raise NotImplementedError


def loss_explorer():
    """Lesson 2: move the predicted probability and the label; see each loss and its gradient."""
    raise NotImplementedError


def activation_spread(weight_scale, n_layers=5, width=100, hidden_activation="relu", seed=0):
    """Standard deviation of the activations of each of n_layers random layers (list of float), for
    weights drawn with std = weight_scale * sqrt(1 / n_in)."""
    raise NotImplementedError


def init_scale_explorer():
    """Lesson 3: move the initial weight scale; see activations vanish or explode layer by layer."""
    raise NotImplementedError


def chain_rule_values(x, w, b):
    """The tiny graph z = w * x + b, a = sigmoid(z), L = (a - 1)**2: dict of every value and of
    dL/da, da/dz, dL/dz, dL/dw, dL/db, dL/dx."""
    raise NotImplementedError


def chain_rule_explorer():
    """Lesson 4: move x, w, b; see each local derivative and their product."""
    raise NotImplementedError


def train_playground(hidden_units=8, learning_rate=0.5, epochs=300, hidden_activation="relu", dataset="moons",
                     seed=0):
    """Train a NeuralNet on a 2-D dataset; returns (model, X, y). Fast enough to re-train within 0.3 s."""
    raise NotImplementedError


def playground():
    """Lesson 5: hidden units, learning rate, epochs, activation, dataset -> decision boundary and loss curve."""
    raise NotImplementedError
