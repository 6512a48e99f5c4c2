"""Loaded into nbgrader's kernels (``nbgrader_course.py`` configures it): a checker that does not pass raises.

In a lesson a checker prints its verdict (✅ or ❌ with the diagnosis) and returns True or False; it never
raises, so a learner who runs every cell sees every verdict.  nbgrader, though, gives a test cell its
points unless the cell raises.  Before each cell this wraps every ``check_*`` function in the kernel's
namespace and in the ``nn_helpers.checks`` modules, so that a False verdict raises AssertionError after
the verdict is printed: that cell then gets 0 points and the rest of the notebook still runs.
"""

import functools as _functools
import sys as _sys


def _strict(checker):
    @_functools.wraps(checker)
    def strict(*args, **kwargs):
        verdict = checker(*args, **kwargs)
        if verdict is False:
            raise AssertionError(f"{checker.__name__} did not pass: see its message above")
        return verdict

    strict._nbgrader_strict = True
    return strict


def _make_checkers_strict(*_):
    namespaces = [get_ipython().user_ns]  # noqa: F821 - IPython runs this file in the kernel's namespace
    namespaces += [vars(module) for name, module in list(_sys.modules.items())
                   if module is not None and (name == "nn_helpers" or name.startswith("nn_helpers.checks"))]
    for namespace in namespaces:
        for name, value in list(namespace.items()):
            if name.startswith("check_") and callable(value) and not getattr(value, "_nbgrader_strict", False):
                namespace[name] = _strict(value)


get_ipython().events.register("pre_run_cell", _make_checkers_strict)  # noqa: F821
