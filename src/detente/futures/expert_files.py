"""Experts' matrices from a folder: one study file per expert, named after them.

Either a plain folder of ``.yaml``, ``.yml`` or ScenarioWizard ``.scw`` files, or an expert
panel's offline folder (docs/panels.md), whose ``futures/`` subfolder holds one such file per
panel member. In a panel folder, a file must be named after a member the manifest
(``panel.yaml``) lists, when it lists any, so a typo never adds an expert. Every file must judge
the same descriptors and variants; the ensemble across them is
:func:`detente.futures.experts.expert_ensemble`.
"""

from __future__ import annotations

from pathlib import Path

from detente.errors import Problem, ScenarioError, UnknownNameError
from detente.futures.load import YAML_SUFFIXES, Futures, read_futures

SUFFIXES = (*sorted(YAML_SUFFIXES), ".scw")
SUBFOLDER = "futures"
MANIFESTS = ("panel.yaml", "panel.yml")
MAX_EXPERTS = 200


def experts_folder(ref: str | Path) -> tuple[Path, list[str]]:
    """Where the experts' files are, and the panel's member names (empty outside a panel).

    Parameters
    ----------
    ref : a folder of study files, a panel folder, or a bundled panel's name

    Returns
    -------
    tuple[Path, list[str]]
        The folder holding the files and the members the panel's manifest lists.
    """
    folder = Path(ref)
    if not folder.is_dir():
        from detente.panel.files import panel_folder

        try:
            folder = panel_folder(ref)
        except UnknownNameError:
            raise UnknownNameError(
                f"'{ref}' is neither a folder of experts' futures files nor a panel"
            ) from None
    if not any((folder / name).is_file() for name in MANIFESTS):
        return folder, []
    from detente.panel.files import read_manifest

    members = sorted(read_manifest(folder).members)
    inner = folder / SUBFOLDER
    if not inner.is_dir():
        raise ScenarioError(
            str(folder),
            [
                Problem(
                    SUBFOLDER,
                    "this panel has no futures/ subfolder",
                    "put one cross-impact file per member in futures/, named after the member "
                    "(futures/alice.yaml)",
                )
            ],
        )
    return inner, members


def read_experts(ref: str | Path) -> tuple[list[str], list[Futures]]:
    """Every expert's study in a folder, in name order.

    Parameters
    ----------
    ref : a folder of study files, a panel folder (its ``futures/`` subfolder), or a bundled
        panel's name

    Returns
    -------
    tuple[list[str], list[Futures]]
        The experts' names (the files' stems) and their studies.
    """
    folder, members = experts_folder(ref)
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    files = [p for p in files if p.name not in MANIFESTS]
    problems = []
    if not files:
        fix = f"give one {', '.join(SUFFIXES)} file per expert, named after them"
        problems.append(Problem("", "no experts' futures files", fix))
    if len(files) > MAX_EXPERTS:
        problems.append(Problem("", f"{len(files)} files", f"give {MAX_EXPERTS} or fewer"))
    names = [p.stem for p in files]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        problems.append(Problem("", f"two files for {twice}", "keep one file per expert"))
    strangers = [n for n in names if members and n not in members]
    if strangers:
        known = ", ".join(members)
        fix = f"name each file after a member of the panel ({known}), or add them to panel.yaml"
        problems.append(Problem("", f"files for {strangers}, who are not panel members", fix))
    if problems:
        raise ScenarioError(str(folder), problems)
    return names, [read_futures(p) for p in files]
