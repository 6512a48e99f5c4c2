"""Exercise checkers: each check_<name>(fn) tries the learner's fn and explains what is wrong.

STUB - being implemented.
"""
