# pmlint in a container: `docker run --rm -v "$PWD:/work" pmlint check`
#
# The base image is pinned to an exact Python patch release on Debian bookworm; bump it on
# purpose (Dependabot or Renovate can pin and update it by digest too).

# Build stage: the wheel, from the package sources only (see .dockerignore).
FROM python:3.12.8-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md hatch_build.py ./
COPY pmlint ./pmlint
COPY rules ./rules
RUN pip wheel --no-deps --wheel-dir /dist .

# Runtime stage: the wheel and its dependencies, run as an unprivileged user.
FROM python:3.12.8-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# git: PM401 reads when each post-mortem was first committed. Debian stable's security
# updates replace package versions in place, so an exact apt pin (DL3008) would break the
# build at the next git fix; the Python base image above is what is pinned.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install --yes --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && git config --system --add safe.directory /work \
    && git config --system --add safe.directory /github/workspace
COPY --from=build /dist /dist
# With the `github` extra: the image runs sync and overdue too. (DL3013 asks to pin what pip
# installs from an index; this is the wheel built above, its dependencies bounded by it.)
# hadolint ignore=DL3013
RUN wheel="$(echo /dist/pmlint-*.whl)" \
    && pip install --no-cache-dir "${wheel}[github]" \
    && rm -rf /dist \
    && groupadd --gid 10001 pmlint \
    && useradd --create-home --uid 10001 --gid 10001 pmlint
USER 10001:10001
# Mount the repository to lint here; pmlint finds its configuration from this folder.
# (safe.directory above: the mounted repository belongs to another uid than this user.)
WORKDIR /work
ENTRYPOINT ["pmlint"]
CMD ["check"]
