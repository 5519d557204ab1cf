"""The pieces a report section is made of: figures, tables, notes, headings, and why not.

Each block names its ``kind``; the page template draws each kind its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd


@dataclass(frozen=True)
class Figure:
    """A Plotly figure as JSON, drawn in the browser by the bundled plotly.js."""

    json: str
    kind: ClassVar[str] = "figure"


@dataclass(frozen=True)
class Table:
    """A table as HTML (escaped), with a caption; long ones ``collapsed`` behind it."""

    caption: str
    html: str
    collapsed: bool = False
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Note:
    """A sentence for the reader (what a number means, what was left out and why)."""

    text: str
    kind: ClassVar[str] = "note"


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section (one per roadmap, say)."""

    heading: str
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class NotApplicable:
    """Why a section (or a part of one) does not apply to this scenario.

    Attributes
    ----------
    reason : the reason, as a sentence (e.g. 'The scenario records no known outcome.')
    """

    reason: str
    kind: ClassVar[str] = "not-applicable"


Block = Figure | Table | Note | Heading | NotApplicable


@dataclass
class Section:
    """One part of the report: an anchor id, a title, an introduction and its blocks."""

    id: str
    title: str
    intro: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def applies(self) -> bool:
        """False when the section holds only reasons why it does not apply.

        Returns
        -------
        bool
            Whether any block is something other than :class:`NotApplicable`.
        """
        return any(not isinstance(b, NotApplicable) for b in self.blocks)


def figure(fig: Any) -> Figure:
    """A Plotly figure as a block.

    Parameters
    ----------
    fig : a ``plotly.graph_objects.Figure``

    Returns
    -------
    Figure
        Its JSON, safe inside a <script> element.
    """
    # "</" inside a <script> block would end it early; "<\/" is the same JSON string.
    return Figure(fig.to_json().replace("</", "<\\/"))


def table(caption: str, df: pd.DataFrame, digits: int = 2, collapsed: bool = False) -> Table:
    """A table as a block of escaped HTML.

    Parameters
    ----------
    caption : the caption
    df : the table
    digits : decimals shown of floats
    collapsed : hide it behind its caption (long tables)

    Returns
    -------
    Table
        The block.
    """
    html = shown(df).to_html(
        index=False, border=0, classes="data", na_rep="", float_format=lambda v: f"{v:.{digits}f}"
    )
    return Table(caption, html, collapsed)


def shown(df: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader should see it: every missing value an empty cell.

    pandas writes a missing value as "None", "<NA>", "NaT" or "nan" depending on the column's
    type; only float columns honour ``na_rep``. Every other column gets its gaps emptied here.

    Parameters
    ----------
    df : the table

    Returns
    -------
    pandas.DataFrame
        A copy whose non-float columns hold "" where a value is missing.
    """
    out = df.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values) or not values.isna().any():
            continue
        out[column] = values.astype(object).where(values.notna(), "")
    return out
