"""import_keras: quiet, seeded, deterministic."""

import subprocess
import sys

import numpy as np

CHILD = """
from nn_helpers.keras_setup import import_keras
keras, tf = import_keras(seed=3)
print(keras.backend.backend(), float(keras.random.uniform((), seed=None).numpy()))
"""


def run_child():
    return subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=300)


def test_import_is_quiet_and_seeded_runs_repeat():
    first, second = run_child(), run_child()
    assert first.returncode == 0, first.stderr
    assert first.stderr == "", f"TensorFlow start-up noise reached stderr:\n{first.stderr}"
    backend, value = first.stdout.split()
    assert backend == "tensorflow"
    assert first.stdout == second.stdout  # same seed, same random number
    assert 0.0 <= float(value) < 1.0


def test_returns_working_modules():
    from nn_helpers.keras_setup import import_keras

    keras, tf = import_keras(seed=0)
    layer = keras.layers.Dense(2, dtype="float64")
    out = layer(np.ones((1, 3)))
    assert out.shape == (1, 2) and out.dtype == tf.float64
