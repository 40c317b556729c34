"""Files shipped with the code: the prompts/ wording, in a checkout and in an installed wheel.

The wheel carries the top-level prompts/ folder as the package ``assistant.prompts`` (see setup.py);
a checkout (or an editable install) has it at the repository root.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from assistant.settings import ROOT


def prompt_path(name: str) -> Path:
    """Where the prompt file ``name`` (e.g. "answers.toml") is, installed or in the checkout."""
    try:
        shipped = Path(str(files("assistant.prompts") / name))
        if shipped.is_file():
            return shipped
    except ModuleNotFoundError:  # a checkout: prompts/ is not a package there
        pass
    return ROOT / "prompts" / name


def read_prompt(name: str) -> str:
    return prompt_path(name).read_text(encoding="utf-8")
