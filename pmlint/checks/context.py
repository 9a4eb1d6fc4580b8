"""What every check receives besides its subject: the configuration, its rule options, the
project, today."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypeVar

from pmlint.catalog.option_types import RuleOptions
from pmlint.config.load import RuleOptionTable
from pmlint.config.schema import Config
from pmlint.project.state import Project

Options = TypeVar("Options", bound=RuleOptions)


class Context:
    """What every check receives besides its subject."""

    def __init__(
        self,
        config: Config,
        project: Project,
        today: dt.date,
        use_git: bool = True,
        options: RuleOptionTable | None = None,
    ) -> None:
        self.config = config
        self.project = project
        self.today = today
        self.use_git = use_git
        if options is None:  # a configuration built in code (`init`'s trial runs, tests), not loaded
            from pmlint.catalog.options import rule_options

            options = rule_options(config)
        self.rule_options = options

    @property
    def root(self) -> Path:
        return self.project.root

    def options(self, kind: type[Options]) -> Options:
        """The options of the rule `kind` belongs to (e.g. `ctx.options(PM305Options).min_words`),
        as resolved when the configuration was loaded (`LoadedConfig.options`)."""
        return self.rule_options.of(kind)
