"""pytest set-up shared by the unit tests and nbval.

Two adjustments make nbval see a notebook exactly as Jupyter does:

* nbval runs cells with ``store_history=False``.  IPython then ignores a
  trailing ``;``, so ``check_sigmoid(sigmoid);`` would show ``True`` under
  nbval but not in JupyterLab.  Cells are run with history, as Jupyter runs them.
* nbval compares every output, stderr included.  TensorFlow writes C++ log
  lines to stderr whose wording and timing change from run to run, so stderr
  streams are dropped before the comparison; stdout, values, figures' text and
  errors are still compared in full.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

try:
    import nbval.kernel as _nbval_kernel
    import nbval.plugin as _nbval_plugin
except ImportError:  # nbval not installed: nothing to adjust
    _nbval_kernel = _nbval_plugin = None

if _nbval_plugin is not None:
    def _execute_with_history(self, cell_input, allow_stdin=None):
        return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False)

    _nbval_kernel.RunningKernel.execute_cell_input = _execute_with_history

    _compare_streams = _nbval_plugin.transform_streams_for_comparison

    def _without_stderr(outputs):
        kept = [out for out in outputs if not (out.get("output_type") == "stream" and out.get("name") == "stderr")]
        return _compare_streams(kept)

    _nbval_plugin.transform_streams_for_comparison = _without_stderr


# TensorFlow has no wheels for some Pythons (3.14 today; README, "Start"): there the unit tests that use Keras are
# skipped, saying why, and everything else runs.  A test module uses Keras if it imports nn_helpers.keras_setup or
# the tests' shared same_network module.
def pytest_collection_modifyitems(config, items):
    import importlib.util

    if importlib.util.find_spec("tensorflow") is not None:
        return
    import pytest

    reason = "TensorFlow is not installed (it has no wheels for this Python): the Keras parts are skipped"
    uses_keras = {}
    for item in items:
        path = item.path
        if path.suffix == ".py" and path not in uses_keras:
            text = path.read_text(encoding="utf-8")
            uses_keras[path] = "keras_setup" in text or "same_network" in text
        if uses_keras.get(path):
            item.add_marker(pytest.mark.skip(reason=reason))
