"""Import Keras quietly and reproducibly (lessons 9 and 10).

TensorFlow's C++ core reports missing GPU drivers straight to the process's
error stream while it loads, before it reads ``TF_CPP_MIN_LOG_LEVEL``; in a
notebook that shows up as a red block that looks like an error but is not one.
"""

import os


def import_keras(seed=0):
    """Import Keras (TensorFlow backend) without start-up noise; make it deterministic; return ``(keras, tf)``.

    * the import runs with the error stream sent to the null device, so the
      GPU-driver messages never reach the notebook (real errors still raise);
    * ``keras.utils.set_random_seed(seed)`` seeds Python's, numpy's global and
      TensorFlow's generators, and op determinism makes every run identical;
    * one thread per operation: the course's networks are tiny, and handing
      such work between threads costs more than it saves.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    saved_stderr = os.dup(2)
    try:
        with open(os.devnull, "w") as null_device:
            os.dup2(null_device.fileno(), 2)
            import keras
            import tensorflow as tf
    finally:
        os.dup2(saved_stderr, 2)
        os.close(saved_stderr)
    tf.config.experimental.enable_op_determinism()
    keras.utils.set_random_seed(seed)
    try:
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # TensorFlow already started its thread pools: keep them
        pass
    return keras, tf
