"""GitHub side of pmlint: `pmlint sync` (and the pieces `pmlint overdue --notify` reuses).

Modules (all import PyGithub lazily or only when called, so `pmlint check` never pays):
- `marker`: the hidden body marker that identifies an action item's issue.
- `body`: issue title and body rendering.
- `client`: connection (`connect`), repository/token/API discovery, the write budget and
  the `Guard` that waits out rate limits and handles faults around every call.
- `index`: the one paginated listing of managed issues (`index_issues`, `read_index`).
- `plan`: the pure diff from action items and the index to operations.
- `apply`: carries a plan out through PyGithub.
"""
