"""nn_helpers: the reference implementation behind "Neural Networks from Scratch".

Everything a lesson builds is importable from here, so a learner who is stuck on
an exercise can carry on with ``from nn_helpers import sigmoid`` (or any other
name below).  The exercise checkers live in ``nn_helpers.checks``.
"""

from .memory import keep_freed_memory
from .activations import (ACTIVATIONS, DERIVATIVES, relu, relu_grad, sigmoid, sigmoid_grad, softmax, tanh,
                          tanh_grad)
from .losses import (bce_with_logits, bernoulli_likelihood, binary_cross_entropy, binary_cross_entropy_grad,
                     categorical_cross_entropy, categorical_cross_entropy_grad, gradient_descent_1d, keras_learning_rate,
                     mse, mse_grad, one_hot, squared_error_grad)
from .layers import (activation_backward, activation_forward, bug_d_loss, dense_backward, dense_forward,
                     half_squared_error, output_forward, output_loss_backward, softmax_backward)
from .network import backward, compute_loss, forward, forward_regression, init_params, l2_penalty, update_params
from .network import keras_l2_factor
from .optimizers import (adam_update, cosine_decay, init_adam_state, invscaling, keras_first_step_change,
                         momentum_speed_up, momentum_update, updates_per_epoch, zeros_like_params)
from .training import batch_size_for_noise, minibatches, train
from .neural_net import NeuralNet, NeuralNetRegressor
from .multiclass import digits_validation_curves, predict_digits, reliability_bins, train_digits, uniform_guess_loss
from .multiclass import mcnemar_exact_p
from .neural_net import update_no_improvement_count
from .many_seeds import TrainedNetworks, train_many
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .comparison import corrected_paired_t, smallest_detectable_difference
from .comparison import confidence_interval, correction_factor
from .autograd import Value, fan_out_gradient, mul_backward, sigmoid_backward, tanh_backward
from .data import load_heart, make_xor, split_and_scale, xor_weights
from .initialisation import glorot_std, he_std
from .metrics import accuracy, auc, confusion_counts, f1, precision, recall, roc_points
from .early_stopping import train_with_early_stopping
from .regularisation import equivalent_full_batch_alpha
from .plotting import plot_confusion_matrix, plot_decision_boundary, plot_function_and_derivative, plot_loss_curves

__version__ = "0.1.0"

# Training loops allocate and free arrays of the same sizes every epoch; let the
# allocator reuse them (see nn_helpers/memory.py for the measurement).
keep_freed_memory()
