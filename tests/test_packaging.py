"""The package metadata installs without setuptools deprecation warnings."""

import tomllib
from pathlib import Path

from packaging.licenses import canonicalize_license_expression
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_licence_is_an_spdx_expression_string():
    # A table ({text = …}) makes setuptools ≥ 77 warn on every install (PEP 639).
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    licence = project["project"]["license"]
    assert isinstance(licence, str)
    assert canonicalize_license_expression(licence) == licence
    assert not any(c.startswith("License ::") for c in project["project"].get("classifiers", []))


def test_build_backend_understands_spdx_licences():
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    [setuptools] = [
        Requirement(r) for r in project["build-system"]["requires"] if r.startswith("setuptools")
    ]
    assert not setuptools.specifier.contains("76.9")
    assert setuptools.specifier.contains("77.0")
