"""Layers with their forward and backward side by side (lesson 5, CS231n's ``layers.py`` pattern).

Every layer is a pair of pure functions::

    out, cache = layer_forward(inputs...)      # cache: what the backward step needs
    d_inputs   = layer_backward(d_out, cache)  # local derivative times the upstream gradient

``d_out`` is the gradient of the loss with respect to the layer's output and
has the output's shape; every gradient returned has the shape of the thing it
is the gradient of.  A network's backward pass is then a loop over its layers
in reverse order (``network.backward``).

Conventions: samples are rows; a dense layer is ``Z = A @ W + b`` with ``W`` of
shape (n_in, n_out) and ``b`` of shape (n_out,), like Keras' ``Dense``.
"""

import numpy as np

from .activations import ACTIVATIONS, DERIVATIVES, check_activation_name, sigmoid, softmax


# ------------------------------------------------------------------------------------------------ dense layer

def dense_forward(A, W, b):
    """Z = A @ W + b.

    Parameters
    ----------
    A : array (n_samples, n_in), the layer's input (X for the first layer)
    W : array (n_in, n_out)
    b : array (n_out,)

    Returns
    -------
    Z : array (n_samples, n_out)
    cache : (A, W), what ``dense_backward`` needs
    """
    Z = A @ W
    Z += b  # in place: saves allocating a second (n_samples, n_out) array
    return Z, (A, W)


def dense_backward(dZ, cache, input_grad=True):
    """Gradients of the loss through Z = A @ W + b, given dZ = dLoss/dZ.

    From Z[i, j] = sum_k A[i, k] W[k, j] + b[j]:

    * dW[k, j] = sum_i A[i, k] dZ[i, j]  ->  dW = A.T @ dZ   (a weight is used by every sample: the sum)
    * db[j]    = sum_i dZ[i, j]           ->  db = dZ.sum(axis=0)
    * dA[i, k] = sum_j dZ[i, j] W[k, j]   ->  dA = dZ @ W.T   (an input feeds every output unit: the sum)

    Parameters
    ----------
    dZ : array (n_samples, n_out)
    cache : (A, W) from ``dense_forward``
    input_grad : bool; False skips dA (returns None for it) - the first layer's input is the data,
        which nobody trains, so ``network.backward`` saves that product

    Returns
    -------
    dA : array (n_samples, n_in), or None when ``input_grad`` is False
    dW : array (n_in, n_out)
    db : array (n_out,)
    """
    A, W = cache
    dW = A.T @ dZ
    db = dZ.sum(axis=0)
    dA = dZ @ W.T if input_grad else None
    return dA, dW, db


# ------------------------------------------------------------------------------------------- activation layer

def activation_forward(Z, activation="relu"):
    """A = g(Z) elementwise, for a hidden activation g named "relu", "tanh" or "sigmoid".

    Returns A (Z's shape) and the cache (Z, activation): g'(Z) needs Z.
    """
    check_activation_name(activation)
    return ACTIVATIONS[activation](Z), (Z, activation)


def activation_backward(dA, cache, in_place=False):
    """dZ = dA * g'(Z): each A[i, j] depends on Z[i, j] alone, so the Jacobian is diagonal.

    Parameters
    ----------
    dA : array (n_samples, n_units)
    cache : (Z, activation) from ``activation_forward``
    in_place : bool; True multiplies into ``dA`` and returns it (``network.backward`` does, because
        its dA is a fresh array nobody else holds).  The cached Z is never changed.

    Returns
    -------
    dZ : array, the shape of dA
    """
    Z, activation = cache
    derivative = DERIVATIVES[activation](Z)
    if in_place:
        dA *= derivative
        return dA
    return dA * derivative


# ------------------------------------------------------------------------------------------- the output layer

def softmax_backward(dP, P):
    """Vector-Jacobian product of the row-wise softmax: dZ from dP = dLoss/dP and P = softmax(Z).

    For one row, dP_j/dZ_k = P_j (delta_jk - P_k), so
    dZ_k = sum_j dP_j P_j (delta_jk - P_k) = P_k (dP_k - sum_j dP_j P_j):
    one row sum per sample, never the K x K Jacobian.

    Parameters: dP and P of shape (n_samples, K), or (K,) for one sample.  Returns dZ of the same shape.
    """
    return P * (dP - (dP * P).sum(axis=-1, keepdims=True))


def _identity(Z):
    return Z


# The output layer's activation, by name.  Each pairs with the loss that makes the error at the
# output exactly (P - Y) / n_samples: sigmoid with binary cross-entropy, softmax with categorical
# cross-entropy, identity (regression) with half the squared error summed over outputs.
OUTPUT_ACTIVATIONS = {"sigmoid": sigmoid, "softmax": softmax, "identity": _identity}


def output_name(output_activation, n_outputs):
    """The output activation's name; None means the classifier's choice: sigmoid for one unit, softmax for more."""
    if output_activation is None:
        return "sigmoid" if n_outputs == 1 else "softmax"
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(f"output_activation must be None or one of {sorted(OUTPUT_ACTIVATIONS)}; "
                         f"got {output_activation!r}")
    return output_activation


def output_forward(Z, output_activation=None):
    """P = the output activation of Z (n_samples, n_outputs); None: sigmoid for one column, softmax for several."""
    return OUTPUT_ACTIVATIONS[output_name(output_activation, Z.shape[1])](Z)


def output_loss_backward(P, Y):
    """dZ at the output, for an output activation together with its matched loss: (P - Y) / n_samples.

    * sigmoid + binary cross-entropy: dL/dP = (P - Y) / (P (1 - P)) / n and dP/dZ = P (1 - P) cancel;
    * softmax + categorical cross-entropy: softmax_backward(-Y / P / n, P) = (P - Y) / n, because
      each one-hot row sums to 1;
    * identity + 0.5 * sum((P - Y)**2) / n: dP/dZ = 1.

    Parameters: P, Y of shape (n_samples, n_outputs).  Returns dZ of the same shape.
    """
    return (P - Y) / P.shape[0]


def half_squared_error(Y, P):
    """The identity output's loss: 0.5 * sum((P - Y)**2) / n_samples (half the squared error, summed over
    outputs, averaged over samples).  Its gradient with respect to P is (P - Y) / n_samples.

    For one output column this is half the mean squared error - and, through a sigmoid, the loss whose
    gradient is lesson 5's bug D, (P - Y) * P * (1 - P) / n_samples.
    Parameters: Y, P of the same shape (n_samples, n_outputs).  Returns a float.
    """
    Y = np.asarray(Y, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    if Y.shape != P.shape or P.ndim != 2:
        raise ValueError(f"Y and P must both have shape (n_samples, n_outputs); got {Y.shape} and {P.shape}")
    return float(0.5 * np.sum((P - Y) ** 2) / P.shape[0])


# Lesson 5's exercise asks for "the loss whose gradient is bug D's" under the name bug_d_loss; it is this one, so a
# learner who is stuck can carry on with ``from nn_helpers import bug_d_loss``.
bug_d_loss = half_squared_error
