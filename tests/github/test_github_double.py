"""The GitHub double answers like GitHub: the recorded real responses' keys, Link
pagination, faults, and the token check."""

from __future__ import annotations

import json

import pytest
import requests
from github import Auth, Github, GithubException

from tests.conftest import REPO
from tests.github_double import Fault, GitHubDouble

FIXTURES = REPO / "tests" / "fixtures" / "github"


def recorded(name: str, method: str, path_end: str) -> object:
    for entry in json.loads((FIXTURES / name).read_text()):
        if entry["method"] == method and entry["path"].split("?")[0].endswith(path_end):
            return entry["response"]
    raise AssertionError(f"no {method} {path_end} in {name}")


def client(double: GitHubDouble) -> Github:
    return Github(auth=Auth.Token(double.token), base_url=double.base_url, per_page=100, retry=None,
                  seconds_between_requests=None, seconds_between_writes=None, lazy=True)


@pytest.fixture
def double() -> GitHubDouble:
    with GitHubDouble(token="t0k", assignable={"alice"}) as github:
        yield github


def test_objects_carry_the_recorded_keys(double: GitHubDouble) -> None:
    real_issue = recorded("paginate-issues.json", "get", "/issues")[0]
    real_label = recorded("labels.json", "get", "/labels")[0]
    real_created = recorded("add-labels-to-issue.json", "post", "/issues")
    repo = client(double).get_repo(double.full_name)
    issue = repo.create_issue("One", body="b", labels=["x"], assignees=["alice"])
    ours = issue._rawData
    assert set(real_created) <= set(ours)
    assert set(real_issue) <= set(ours)
    assert set(real_issue["user"]) <= set(ours["user"])
    assert set(real_label) <= set(ours["labels"][0])
    listed = list(repo.get_issues(state="all"))[0]._rawData
    assert set(real_issue) <= set(listed)


def test_pagination_with_link_headers_and_pull_requests(double: GitHubDouble) -> None:
    for n in range(205):
        double.add_issue(f"issue {n}", labels=["pm"])
    double.add_issue("a PR", labels=["pm"], pull_request=True)
    double.add_issue("other", labels=["other"])
    listed = list(client(double).get_repo(double.full_name).get_issues(state="all", labels=["pm"]))
    assert len(listed) == 206 and sum(1 for i in listed if i._rawData.get("pull_request")) == 1
    assert double.count("GET", r"/issues$") == 3
    assert [r.query.get("page", "1") for r in double.matching("GET", r"/issues$")] == ["1", "2", "3"]


def test_faults_and_crash_after_commit(double: GitHubDouble) -> None:
    repo = client(double).get_repo(double.full_name)
    double.fault(Fault.secondary(42), method="POST")
    with pytest.raises(GithubException) as caught:
        repo.create_issue("x")
    assert caught.value.status == 403 and caught.value.headers["retry-after"] == "42"
    assert double.issues == {}
    double.fault(Fault.server_error(502, commit=True), method="POST")
    with pytest.raises(GithubException):
        repo.create_issue("y")
    assert [i["title"] for i in double.issues.values()] == ["y"], "applied, then failed"
    double.fault(Fault.dropped(), at=len(double.requests))
    with pytest.raises(requests.exceptions.ConnectionError):
        repo.create_issue("z")
    assert len(double.issues) == 1


def test_token_checked_and_assignees(double: GitHubDouble) -> None:
    wrong = Github(auth=Auth.Token("nope"), base_url=double.base_url, retry=None, lazy=True)
    with pytest.raises(GithubException) as caught:
        list(wrong.get_repo(double.full_name).get_issues())
    assert caught.value.status == 401 and len(double.unauthorized) == 1
    repo = client(double).get_repo(double.full_name)
    assert repo.has_in_assignees("alice") and not repo.has_in_assignees("mallory")
    with pytest.raises(GithubException) as invalid:
        repo.create_issue("t", assignees=["mallory"])
    assert invalid.value.status == 422


def test_close_with_reason_comment_and_labels(double: GitHubDouble) -> None:
    repo = client(double).get_repo(double.full_name)
    issue = repo.create_issue("t", labels=["a"])
    issue.create_comment("hello")
    issue.add_to_labels("b")
    issue.remove_from_labels("a")
    issue.edit(state="closed", state_reason="completed")
    raw = double.issues[1]
    assert (raw["state"], raw["state_reason"]) == ("closed", "completed")
    assert [label["name"] for label in raw["labels"]] == ["b"]
    assert [c.body for c in issue.get_comments()] == ["hello"]
