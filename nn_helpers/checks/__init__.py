"""Exercise checkers: each ``check_<name>(fn)`` tries the learner's ``fn`` and explains what is wrong.

A checker calls the learner's function on many inputs - typical values, edge
cases (0, probabilities of exactly 0 or 1), extreme values (+-1000), several
shapes, seeded random data - compares every answer with the reference in
``nn_helpers``, prints a short verdict and returns True or False::

    >>> check_sigmoid(sigmoid)            # doctest: +SKIP
    ✅ sigmoid is correct (6 test cases passed).

When an answer is wrong it prints *what* went wrong (the input, expected and
got) and, where it can tell, *why*: each checker compares a wrong answer with
a catalogue of known mistakes ("m times too large", "normalised the whole
batch", "propagated through dW2") and names the one that fits.

A checker never raises because of the learner's code.  Exceptions, ``None``,
wrong types or shapes, a wrong signature, changed inputs and endless loops
all become a ❌ verdict; a stub that still raises ``NotImplementedError`` gets
"not implemented yet" and the name to import instead.  The learner's function
runs in a background thread with a time limit (``timeout``, default 5 s per
call); a function that never returns is reported and left running in the
background, because Python cannot stop a thread - restarting the kernel ends
it.  Warnings are captured, never shown raw.

Decisions on borderline answers (the reasons are printed with the verdict):

* **The sigmoid must not warn.**  Lesson 1 asks for a sigmoid that is finite
  and silent at z = +-1000 and teaches the e^{-|z|} form; the textbook
  ``1 / (1 + np.exp(-z))`` and an ``np.where`` whose two branches both
  overflow give the right values with an overflow warning, so they fail with
  a pointer to that method.  In later exercises a warning next to right values
  passes with a tip; a warning next to a *wrong* value (nan from inf / inf,
  inf from log(0)) is reported as part of the failure.
* Activations that raise on a single number (say ``z.copy()`` followed by
  ``out[out < 0] = 0``) but work on arrays pass with a note: the course only
  ever passes arrays.
* ReLU's derivative at exactly z = 0 may be anything from 0 to 1: the
  derivative does not exist there and libraries differ in their convention.
* ``relu_grad`` may return floats, integers or booleans; ``one_hot`` may
  return floats or integers (booleans pass with a tip: ``-Y`` fails for them).
* Losses may return a Python float, a numpy scalar or a size-1 array
  (the last with a tip), in float32 or float64.
* Cross-entropy may clip with any epsilon from about 1e-5 (Keras uses 1e-7)
  down to float64's machine epsilon, or add a small epsilon inside the log:
  answers are compared tightly for ordinary probabilities, and only checked to
  be finite and in the range those epsilons give when a probability is
  exactly 0 or 1.
* Biases and their gradients must have shape ``(n_out,)``, not ``(1, n_out)``:
  ``update_params`` would otherwise silently turn every ``b`` into a 2-D
  array, and the comparison with Keras and scikit-learn (lesson 9) needs
  ``(n_out,)``.
* ``softmax`` must take a batch ``(n, K)`` and a single row ``(K,)``, row-wise
  on the last axis.  ``forward`` and ``backward`` must handle any number of
  layers, a sigmoid or a softmax output, and every hidden activation they
  accept ("relu", "tanh", "sigmoid"): a function that handles two layers only,
  or ignores ``hidden_activation``, fails with a message naming the contract,
  so a later lesson never fails where this one passed.

The package: ``_harness`` holds what every checker shares (running the learner's
function safely, describing values, matching a catalogue of mistakes); each
``lessonNN_*`` module holds the checkers of one lesson.
"""

import importlib
import pkgutil

from ._harness import DEFAULT_TIMEOUT

# Every public ``check_*`` of every lesson module, so ``from nn_helpers.checks import check_x`` works
# for any lesson's checker and a new lesson module needs no edit here.
__all__ = []
for _module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
    if _module_info.name.startswith("lesson"):
        _module = importlib.import_module(f"{__name__}.{_module_info.name}")
        for _name in sorted(vars(_module)):
            if _name.startswith("check_") and _name not in __all__:
                globals()[_name] = getattr(_module, _name)
                __all__.append(_name)
del _module_info, _module, _name
