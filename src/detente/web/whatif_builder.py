"""The what-if builder's pickers turned into one line of the change language."""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence

from detente.errors import DetenteError

TOKEN = re.compile(r"^[A-Za-z0-9_\-*.,:%+]+$")


def _token(text: str, what: str) -> str:
    if not TOKEN.match(text):
        raise DetenteError(f"the {what} {text!r} cannot go into a change line (pick from the list)")
    return text


def change_line(fields: Mapping[str, str], actors: Sequence[object]) -> str:
    """The change the pickers describe ("" when no change type is picked).

    ``op`` is one of set, shift, remove, open-forum, close-forum, preset; the line follows the
    grammar of :mod:`detente.scenario.changes` (e.g. ``open-forum US,RUS id=us_rus``,
    ``preset us-russia-channel``).

    Parameters
    ----------
    fields : the builder's form fields
    actors : the actors picked

    Returns
    -------
    str
        One line of the change language, e.g. 'open-forum US,RUS id=us_rus'.
    """
    op = fields.get("op", "")
    picked = [_token(str(a), "actor") for a in actors if str(a)]
    if not op:
        return ""
    if op == "open-forum":
        forum_id = fields.get("forum_id", "").strip()
        tail = f" id={_token(forum_id, 'forum id')}" if forum_id else ""
        return f"open-forum {','.join(picked)}{tail}"
    if op == "preset":
        return f"preset {_token(fields.get('preset', ''), 'proposal')}"
    if op == "close-forum":
        return f"close-forum {_token(fields.get('forum', ''), 'forum')}"
    if op == "remove":
        return f"remove {','.join(picked)}"
    if op in ("set", "shift"):
        attribute = _token(fields.get("attribute", "position"), "attribute")
        issue = fields.get("issue", "")
        target = f"{attribute}:{_token(issue, 'issue')}" if issue else attribute
        value = _token(fields.get("value", "").strip(), "value")
        return f"{op} {','.join(picked)} {target} {value}"
    raise DetenteError(f"unknown change type {shlex.quote(op)} (pick one from the list)")
