"""L2 regularisation across batch sizes (lesson 8): which full-batch ``alpha`` acts like a minibatch one."""


def equivalent_full_batch_alpha(alpha, n, batch_size):
    """The full-batch ``alpha`` whose penalty, relative to the data term, equals minibatch training's.

    Each step on a batch of B rows follows the gradient of L + alpha / (2 B) * sum ||W||^2
    = L + (alpha n / B) / (2 n) * sum ||W||^2, which is full-batch L2 with alpha' = alpha * n / B.

    alpha: float, the minibatch run's alpha; n: int, training samples; batch_size: int, B (1 <= B <= n).
    """
    return alpha * n / batch_size
