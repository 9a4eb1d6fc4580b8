"""The checks: one module (or package) per rule family, the same families as `rules/`.

`pmlint.checks.all` imports every family, which registers its checks in `registry.CHECKS`.
"""
