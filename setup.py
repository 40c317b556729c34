"""Packaging that pyproject.toml cannot express: every assistant* package, plus the top-level
prompts/ folder shipped as the package ``assistant.prompts`` (read through assistant.resources)."""

from setuptools import find_namespace_packages, setup

setup(
    packages=find_namespace_packages(include=["assistant*"]) + ["assistant.prompts"],
    package_dir={"assistant.prompts": "prompts"},
)
