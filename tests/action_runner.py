"""A stand-in for the GitHub Actions runner: action.yml's steps run the way the runner runs a
composite action (see tests/test_action.py for what it stands in for and what it does not)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.conftest import REPO

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


STEPS = ACTION["runs"]["steps"]


EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


BAD_DOC = "docs/incidents/2026-11-24-search-latency.md"


CLEAN_DOC = "docs/incidents/2026-11-20-checkout-db-pool.md"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    summary: str
    outputs: dict[str, str]
    step_outputs: dict[str, dict[str, str]] = field(default_factory=dict)


def read_outputs(path: Path) -> dict[str, str]:
    """A GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` heredocs."""
    outputs: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    index = 0
    while index < len(lines):
        line = lines[index]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, index + 1)
            outputs[name] = "\n".join(lines[index + 1 : end])
            index = end + 1
            continue
        name, value = line.split("=", 1)
        outputs[name] = value
        index += 1
    return outputs


def evaluate(text: str, inputs: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
    """What the runner does with `${{ }}`: only the expressions action.yml uses."""

    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        if m := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression):
            return steps.get(m.group(1), {}).get(m.group(2), "")
        if expression == "github.token":
            return "ghs_test-default-token"
        raise AssertionError(f"action.yml uses an expression this runner stand-in does not know: {expression}")

    return EXPRESSION.sub(value, text)


def run_action(
    workdir: Path,
    tmp: Path,
    real_install: bool = False,
    action_path: Path = REPO,
    runner_env: dict[str, str] | None = None,
    **given: str,
) -> Run:
    """Run action.yml's steps with inputs `given` (underscores for dashes); `runner_env`
    is what the runner's own environment adds (e.g. a Windows console's encoding)."""
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    for name, value in given.items():
        assert name.replace("_", "-") in inputs, name
        inputs[name.replace("_", "-")] = value
    inputs = {name: evaluate(value, inputs, {}) for name, value in inputs.items()}
    runner_temp = tmp / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=tmp, prefix="run-"))  # fresh output and summary files
    summary = tmp / "step-summary.md"
    summary.touch()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "PMLINT_", "RUNNER_"))}
    base.update(
        GITHUB_ACTIONS="true",
        GITHUB_ACTION_PATH=str(action_path),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_WORKSPACE=str(workdir),
        RUNNER_TEMP=str(runner_temp),
        PMLINT_TODAY="2026-11-27",
    )
    base.update(runner_env or {})
    steps: dict[str, dict[str, str]] = {}
    result = None
    for number, step in enumerate(STEPS):
        if "uses" in step:
            assert step["uses"].startswith("actions/setup-python@"), step["uses"]
            steps[step["id"]] = {"python-path": sys.executable}
            continue
        if step.get("id") == "install" and not real_install:
            steps["install"] = {"python": sys.executable}
            continue
        output = tmp / f"output-{number}"
        output.touch()
        env = dict(base, GITHUB_OUTPUT=str(output))
        env.update({k: evaluate(str(v), inputs, steps) for k, v in step.get("env", {}).items()})
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
        )
        steps[step["id"]] = read_outputs(output)
        if result.returncode != 0:
            break
    assert result is not None
    outputs = {name: evaluate(spec["value"], inputs, steps) for name, spec in ACTION["outputs"].items()}
    return Run(result.returncode, result.stdout, result.stderr, summary.read_text(encoding="utf-8"), outputs, steps)
