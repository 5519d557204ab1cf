"""One look for every figure: colour-blind-safe colours, markers, fonts, titles that wrap, legends
that fit.

Colours come from Paul Tol's "muted" scheme, nine colours chosen to stay apart under the common
colour-vision deficiencies (a test simulates protanopia, deuteranopia and tritanopia with the
matrices of Machado et al. 2009 and checks every pair). From the tenth actor on the colours repeat
with another marker and line dash, so no two actors look alike. Fonts list CJK faces (Noto Sans
CJK, installed with Debian's ``fonts-noto-cjk``) after the Latin ones, so Chinese, Japanese and
Korean names and titles draw as text, not as boxes.

References
----------
Tol, P. (2021). Colour Schemes. SRON Technical Note SRON/EPS/TN/09-002, issue 3.2.
Machado, G. M., Oliveira, M. M. & Fernandes, L. A. F. (2009). A physiologically-based model for
simulation of color vision deficiency. IEEE Transactions on Visualization and Computer Graphics
15(6), 1291-1298.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PALETTE = (
    "#CC6677",  # rose
    "#332288",  # indigo
    "#DDCC77",  # sand
    "#117733",  # green
    "#88CCEE",  # cyan
    "#882255",  # wine
    "#44AA99",  # teal
    "#999933",  # olive
    "#AA4499",  # purple
)
SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "triangle-down",
    "pentagon",
    "hexagon",
    "star",
)
DASHES = ("solid", "dash", "dot", "dashdot")
MPL_MARKERS = {"circle": "o", "square": "s", "diamond": "D", "triangle-up": "^",
               "triangle-down": "v", "pentagon": "p", "hexagon": "h", "star": "*"}  # fmt: skip
MPL_DASHES = {"solid": "-", "dash": "--", "dot": ":", "dashdot": "-."}

# Latin faces first, then CJK faces (Noto/Source Han, then the systems' own), then generic.
CSS_FONTS = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", '
    '"Noto Sans CJK SC", "Noto Sans CJK KR", "Noto Sans CJK JP", "Source Han Sans SC", '
    '"PingFang SC", "Hiragino Sans", "Microsoft YaHei", "Malgun Gothic", sans-serif'
)
MPL_FONTS = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR",
             "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Malgun Gothic"]  # fmt: skip
CJK_FILES = (  # where the systems keep a CJK font: Debian/Ubuntu, Fedora/Arch, macOS, Windows
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
MARGIN = {"l": 60, "r": 20, "t": 50, "b": 50}
TITLE_WIDTH = 90  # characters on one title line before it wraps


@dataclass(frozen=True)
class Look:
    """How one series (an actor, a model) is drawn: colour, marker and line dash."""

    colour: str
    symbol: str
    dash: str

    @property
    def mpl_marker(self) -> str:
        """The Matplotlib marker of :attr:`symbol`.

        Returns
        -------
        str
            e.g. ``"o"`` for a circle.
        """
        return MPL_MARKERS[self.symbol]

    @property
    def mpl_dash(self) -> str:
        """The Matplotlib line style of :attr:`dash`.

        Returns
        -------
        str
            e.g. ``"--"`` for a dashed line.
        """
        return MPL_DASHES[self.dash]


def look(k: int) -> Look:
    """The look of the ``k``-th series: no two of the first 72 share colour and marker.

    Parameters
    ----------
    k : the series' position (0, 1, ...)

    Returns
    -------
    Look
        Colour ``k mod 9``, marker ``k mod 8`` and, from the tenth series on, another dash.
    """
    return Look(
        PALETTE[k % len(PALETTE)],
        SYMBOLS[k % len(SYMBOLS)],
        DASHES[(k // len(PALETTE)) % len(DASHES)],
    )


def wrap(text: str, width: int = TITLE_WIDTH) -> str:
    """A title broken into lines of at most ``width`` characters (Plotly's ``<br>``).

    Parameters
    ----------
    text : the title
    width : characters per line

    Returns
    -------
    str
        The lines joined by ``<br>``.
    """
    return "<br>".join(textwrap.wrap(text, width)) or text


def finish(
    fig: Any,
    title: str,
    height: int,
    *,
    x: str | None = None,
    y: str | None = None,
    legend_items: int = 0,
    width: int = TITLE_WIDTH,
) -> Any:
    """Lay out a Plotly figure the one way every figure uses.

    The title wraps (and the top margin grows with it), fonts include CJK faces, the legend
    stands to the right of the plot (Plotly widens the margin for it, so it never lies on the
    data) and the figure is tall enough for every legend entry to show without scrolling.

    Parameters
    ----------
    fig : a ``plotly.graph_objects.Figure``
    title : its title
    height : the height the data need, in pixels
    x, y : the axis titles, with units
    legend_items : entries in the legend (0: none shown)
    width : characters per title line

    Returns
    -------
    plotly.graph_objects.Figure
        The same figure.
    """
    lines = wrap(title, width).count("<br>") + 1
    margin = {**MARGIN, "t": 30 + 24 * lines}
    legend_height = 30 + 21 * legend_items + margin["t"] + margin["b"]
    fig.update_layout(
        title={"text": wrap(title, width), "x": 0.01, "xanchor": "left"},
        font={"family": CSS_FONTS},
        margin=margin,
        height=max(height + 24 * (lines - 1), legend_height),
        showlegend=legend_items > 0,
        legend={"x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top", "tracegroupgap": 4},
    )
    if x is not None:
        fig.update_xaxes(title_text=x)
    if y is not None:
        fig.update_yaxes(title_text=y)
    return fig


def position_title(units: Sequence[str]) -> str:
    """An axis title for positions: with the issues' unit when they share one.

    Parameters
    ----------
    units : the unit of every issue drawn on the axis

    Returns
    -------
    str
        e.g. ``"position (points, 0-100)"``, or a note that each issue has its own scale.
    """
    distinct = set(units)
    if not distinct or distinct == {"points"}:
        return "position (points, 0-100)"
    if len(distinct) == 1:
        return f"position ({units[0]})"
    return "position (each issue on its own scale: see the issues table)"


def mpl_fonts() -> None:
    """Give Matplotlib the font list with CJK fallbacks (a missing font is skipped quietly).

    Matplotlib keeps a cache of the fonts it found when first run; a CJK font installed later is
    not in it, so a known CJK font file on the system is added to it here.
    """
    import logging

    import matplotlib
    from matplotlib import font_manager

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    known = {f.name for f in font_manager.fontManager.ttflist}
    if not known & set(MPL_FONTS[1:]):
        for path in CJK_FILES:
            if Path(path).is_file():
                font_manager.fontManager.addfont(path)
                known = {f.name for f in font_manager.fontManager.ttflist}
                break
    # a list of families: Matplotlib takes each glyph from the first family that has it
    matplotlib.rcParams["font.family"] = [f for f in MPL_FONTS if f in known] or ["sans-serif"]
