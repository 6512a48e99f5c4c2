"""pytest set-up shared by the unit tests and nbval.

nbval compares every output a notebook cell makes, stderr included.
TensorFlow writes C++ log lines to stderr whose wording and timing change from
run to run, so stderr streams are dropped before the comparison; stdout, values
and errors are still compared in full.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")

try:
    import nbval.plugin as _nbval_plugin
except ImportError:  # nbval not installed: nothing to adjust
    _nbval_plugin = None

if _nbval_plugin is not None:
    _compare_streams = _nbval_plugin.transform_streams_for_comparison

    def _without_stderr(outputs):
        kept = [out for out in outputs if not (out.get("output_type") == "stream" and out.get("name") == "stderr")]
        return _compare_streams(kept)

    _nbval_plugin.transform_streams_for_comparison = _without_stderr
