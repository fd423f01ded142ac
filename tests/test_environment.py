"""The two install routes stay in step: pyproject.toml, requirements.lock (pip) and
environment.yml (conda); CI runs the test command the README gives."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def normalise(name: str) -> str:
    """PEP 503 name: case and the separators -, _ and . do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    assert match, spec
    return normalise(match[1])


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)(\s*;.*)?", line)
        assert match, f"requirements.lock: not an exact pin: {line!r}"
        pins[normalise(match[1])] = match[3]
    return pins


def parse_environment_simple(text: str) -> dict:
    """A small parser for the subset of YAML environment.yml uses (fallback without PyYAML):
    top-level ``key: value`` and ``key:`` lists of ``- item`` or ``- pip:`` sub-lists."""
    data: dict = {}
    key = None
    sublist = None
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        if indent == 0:
            name, _, value = stripped.partition(":")
            key = name.strip()
            data[key] = value.strip() or []
            sublist = None
        elif stripped.startswith("- "):
            item = stripped[2:].strip()
            if sublist is not None and indent > sublist[0]:
                sublist[1].append(item)
            elif item.endswith(":"):
                new: list = []
                data[key].append({item[:-1]: new})
                sublist = (indent, new)
            else:
                data[key].append(item)
                sublist = None
    return data


def environment() -> dict:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:
        return parse_environment_simple(text)
    return yaml.safe_load(text)


def conda_pins(env: dict) -> dict[str, str]:
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, _, version = dep.partition("=")
            pins[normalise(name.strip())] = version.strip()
    return pins


def test_pyyaml_is_available_as_locked():
    """PyYAML is in the lock (a dependency of the Jupyter stack), so it is installed."""
    assert "pyyaml" in lock_pins()
    yaml = pytest.importorskip("yaml")
    assert yaml.__version__ == lock_pins()["pyyaml"]


def test_simple_parser_agrees_with_pyyaml():
    yaml = pytest.importorskip("yaml")
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert parse_environment_simple(text) == yaml.safe_load(text)


def test_every_declared_dependency_is_locked_and_in_environment_yml_with_the_same_pin():
    project = pyproject()["project"]
    declared = [requirement_name(d) for d in project["dependencies"]]
    declared += [requirement_name(d) for d in project["optional-dependencies"]["test"]]
    assert "pandas" in declared and "pytest" in declared and "hypothesis" in declared
    locked = lock_pins()
    conda = conda_pins(environment())
    missing_lock = [n for n in declared if n not in locked]
    assert not missing_lock, f"not in requirements.lock: {missing_lock}"
    missing_conda = [n for n in declared if n not in conda]
    assert not missing_conda, f"not in environment.yml: {missing_conda}"
    differ = {n: (conda[n], locked[n]) for n in declared if conda[n] != locked[n]}
    assert not differ, f"environment.yml vs requirements.lock: {differ}"


def test_every_pin_in_environment_yml_matches_the_lock():
    locked = lock_pins()
    conda = conda_pins(environment())
    for name, version in conda.items():
        if name in ("python", "pip"):
            continue
        assert version, f"environment.yml: {name} is not pinned"
        assert name in locked, f"environment.yml pins {name}, requirements.lock does not"
        assert version == locked[name], f"{name}: environment.yml {version}, lock {locked[name]}"


def test_locked_versions_satisfy_the_declared_minimums():
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    project = pyproject()["project"]
    locked = lock_pins()
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        name = requirement_name(spec)
        specifier = SpecifierSet(spec[len(re.match(r"\s*[A-Za-z0-9._-]+", spec)[0]) :].strip())
        assert Version(locked[name]) in specifier, f"{name} {locked[name]} does not satisfy {spec}"


def test_python_version_is_the_same():
    conda = conda_pins(environment())
    requires = pyproject()["project"]["requires-python"]
    assert requires == ">=3.11"
    assert conda["python"] == "3.11"


def test_environment_installs_the_package_with_pip():
    env = environment()
    assert "pip" in [d for d in env["dependencies"] if isinstance(d, str)]
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip_sections) == 1
    assert "-e ." in pip_sections[0]
    assert "conda-forge" in env.get("channels", [])


def test_ci_runs_the_test_command_the_readme_gives():
    readme = ROOT / "README.md"
    assert readme.is_file(), "README.md is missing: it must give the test command (make test)"
    readme_commands = re.findall(r"^\s*(make test)\b(?![-\w])", readme.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert readme_commands, "README.md does not give the command `make test`"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert "make test" in ci_commands
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, flags=re.MULTILINE)
    assert target and "pytest" in target[1]
