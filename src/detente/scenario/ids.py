"""Ids for imported data: kept as the user wrote them where valid, derived (and shown) otherwise.

detente's ids are short ASCII names (``US``, ``denuc_scope``) used on the command line and in
every table. Formats without ids (the classic CSV, KTAB) give only names, so ids are made from
the names: accents are dropped (``Côte d'Ivoire`` -> ``Cote_d_Ivoire``), other characters
become ``_``, and a name with no Latin letter at all (``北朝鮮``) gets a numbered id
(``actor3``) instead of collapsing to a placeholder. Two names that would give the same id get
``_2``, ``_3``. Every id that differs from its name is listed in a note, so nothing is renamed
without the user seeing it.
"""

from __future__ import annotations

import re
import unicodedata

#: what an id looks like (the schema checks ids with it)
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_\-]*$"
MAX_ID = 64


# Latin letters that Unicode does not decompose into a base letter and an accent: without this
# table they would vanish ('Kıbrıs' -> 'Kbrs'); with it, 'Kıbrıs' -> 'Kibris', 'Łódź' -> 'Lodz'.
_UNDECOMPOSED = str.maketrans(
    {"ı": "i", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
     "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th",
     "ħ": "h", "Ħ": "H"}
)  # fmt: skip


def suggest_id(text: str, fallback: str = "x") -> str:
    """An id made from free text (accents dropped, other characters -> '_'), or ``fallback``.

    Parameters
    ----------
    text : any text
    fallback : the id when nothing of the text is left

    Returns
    -------
    str
        The id.
    """
    latin = text.translate(_UNDECOMPOSED)
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9_\-]+", "_", ascii_text.strip()).strip("_-")
    if not re.search("[A-Za-z]", cleaned):
        return fallback
    if not cleaned[0].isalpha():
        cleaned = f"x{cleaned}"
    return cleaned[:MAX_ID]


def is_id(text: str) -> bool:
    """Whether ``text`` is already a valid id.

    Parameters
    ----------
    text : any text

    Returns
    -------
    bool
        Whether it is a valid id.
    """
    return len(text) <= MAX_ID and re.match(ID_PATTERN, text) is not None


class IdMaker:
    """Ids for one kind of thing (actors, issues) in one file, unique and reported.

    Parameters
    ----------
    kind
        ``"actor"`` or ``"issue"``: the prefix of numbered ids and the word in the note.
    """

    def __init__(self, kind: str):
        self.kind = kind
        self.by_name: dict[str, str] = {}
        self.taken: set[str] = set()
        self.changed: list[tuple[str, str]] = []

    def __call__(self, name: str) -> str:
        """The id of ``name`` (the same name always gets the same id)."""
        if name in self.by_name:
            return self.by_name[name]
        base = name if is_id(name) else suggest_id(name, f"{self.kind}{len(self.by_name) + 1}")
        new, k = base, 2
        while new in self.taken:
            new, k = f"{base[: MAX_ID - 4]}_{k}", k + 1
        self.by_name[name] = new
        self.taken.add(new)
        if new != name:
            self.changed.append((name, new))
        return new

    def note(self) -> str | None:
        """'actor ids made from the names: 'Costa Rica' -> Costa_Rica, ...', or None.

        Returns
        -------
        str or None
            The note, or None when every name was an id.
        """
        if not self.changed:
            return None
        pairs = ", ".join(f"'{name}' -> {new}" for name, new in self.changed[:20])
        more = f" and {len(self.changed) - 20} more" if len(self.changed) > 20 else ""
        return f"{self.kind} ids made from the names: {pairs}{more}"
