"""A report figure drawn with matplotlib (no pyplot: no global state, no display needed)."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import PercentFormatter

from schemas.analytics.document import Figure

WIDTH_IN, HEIGHT_IN, DPI = 6.4, 3.3, 200


def figure_png(spec: Figure) -> bytes:
    """The figure as a PNG (DejaVu Sans, which has every Kazakh letter)."""
    fig = MplFigure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    x = np.arange(len(spec.categories))
    if spec.kind == "line":
        lines = [[np.nan if v is None else v for v in series.values] for series in spec.series]
        for series, points in zip(spec.series, lines, strict=True):
            ax.plot(x, points, marker="o", linewidth=2.2, color=series.colour or None, label=series.name)
            for i, (xi, v) in enumerate(zip(x, points, strict=True)):
                if np.isnan(v):
                    continue
                # the higher line's label above its point, the others' below: close values never overlap
                others = [line[i] for line in lines if line is not points and not np.isnan(line[i])]
                above = not others or v >= max(others)
                ax.annotate(f"{v:.2f}".replace(".", ","), (xi, v), textcoords="offset points",
                            xytext=(0, 7 if above else -12), ha="center", fontsize=7,
                            color=series.colour or "black")
    elif spec.kind == "stacked":
        bottom = np.zeros(len(x))
        for series in spec.series:
            heights = np.array([0.0 if v is None else v for v in series.values])
            bars = ax.bar(x, heights, 0.6, bottom=bottom, color=series.colour or None, label=series.name)
            for bar, v, b in zip(bars, heights, bottom, strict=True):
                if v >= (0.06 if spec.percent else 0.6):
                    label = f"{100 * v:.0f}%" if spec.percent else f"{v:.0f}"
                    ax.text(bar.get_x() + bar.get_width() / 2, b + v / 2, label, ha="center", va="center", fontsize=7)
            bottom += heights
        if spec.percent:
            ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    else:
        for series in spec.series:
            sizes = np.array([0.0 if v is None else v for v in series.values])
            bars = ax.bar(x, sizes, 0.55, color=series.colour or None, label=series.name)
            for bar, v in zip(bars, sizes, strict=True):
                ax.text(bar.get_x() + bar.get_width() / 2, v, f"{v:+.2f}".replace(".", ",").replace("-", "−"),
                        ha="center", va="bottom" if v >= 0 else "top", fontsize=7)
        ax.axhline(0, color="#404040", linewidth=0.8)
    ax.set_xticks(x, spec.categories, fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    if spec.y_range is not None:
        ax.set_ylim(*spec.y_range)
    if spec.y_label:
        ax.set_ylabel(spec.y_label, fontsize=8)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if len(spec.series) > 1:
        ax.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.14),
                  ncol=len(spec.series))
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
