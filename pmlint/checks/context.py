"""What every check receives besides its subject: the configuration, the project, today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmlint.catalog.rules import load_catalog
from pmlint.config.schema import Config
from pmlint.project.state import Project


@dataclass(eq=False)
class Context:
    """What every check receives besides its subject."""

    config: Config
    project: Project
    today: dt.date
    use_git: bool = True

    @property
    def root(self) -> Path:
        return self.project.root

    def options(self, code: str) -> dict[str, Any]:
        """The rule's data from rules/ (word lists, keyword lists)."""
        return load_catalog()[code].options
