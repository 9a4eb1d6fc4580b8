"""What every check receives besides its subject: the configuration, the project, today."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypeVar

from pmlint.catalog.option_types import RuleOptions
from pmlint.catalog.options import options_for
from pmlint.config.schema import Config
from pmlint.project.state import Project

Options = TypeVar("Options", bound=RuleOptions)


class Context:
    """What every check receives besides its subject."""

    def __init__(self, config: Config, project: Project, today: dt.date, use_git: bool = True) -> None:
        self.config = config
        self.project = project
        self.today = today
        self.use_git = use_git
        self._options: dict[type[RuleOptions], RuleOptions] = {}

    @property
    def root(self) -> Path:
        return self.project.root

    def options(self, kind: type[Options]) -> Options:
        """The options of the rule `kind` belongs to (e.g. `ctx.options(PM305Options).min_words`):
        the defaults from rules/ with the project's [tool.pmlint.rules.CODE] applied."""
        found = self._options.get(kind)
        if found is None:
            found = self._options[kind] = options_for(self.config, kind)
        assert isinstance(found, kind)
        return found
