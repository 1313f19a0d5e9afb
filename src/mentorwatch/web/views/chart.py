"""The dashboard's chart: an SVG histogram of days since the last edit, with the away and
removal thresholds drawn (no JavaScript)."""

from __future__ import annotations

from markupsafe import Markup, escape

from mentorwatch.web.views.mentor_rows import Row
from mentorwatch.web.views.page_text import PageText


def inactivity_chart(
    rows: list[Row],
    away_days: int | None,
    removal_days: int | None,
    text: PageText | None = None,
) -> Markup:
    """An SVG histogram of days since the last edit, with the thresholds as vertical lines,
    labelled in the reader's language (``text``; English by default).

    Its axis runs left to right in every language, right-to-left ones too: it is a number
    line, which Arabic and Hebrew charts draw with numbers growing to the right, as on their
    wikis; so the drawing says ``direction="ltr"`` (its labels' anchors stay put) while each
    label is still written in its language."""
    text = text or PageText()
    days = [row.days_inactive for row in rows if row.days_inactive is not None]
    top = max([*days, float(away_days or 0), float(removal_days or 0), 14.0]) * 1.05
    bins = 30
    width_days = top / bins
    counts = [0] * bins
    for value in days:
        counts[min(int(value / width_days), bins - 1)] += 1
    w, h, left, bottom = 640, 180, 36, 26
    plot_w, plot_h = w - left - 10, h - bottom - 10

    def x(day: float) -> float:
        return left + plot_w * day / top

    parts: list[str] = [
        Markup(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" direction="ltr" aria-label="{}">'
        ).format(w, h, text.text("mentorwatch-web-chart-label", num_mentors=len(days))),
        Markup("<title>{}</title>").format(
            text.text("mentorwatch-web-chart-title", num_mentors=len(days))
        ),
    ]
    parts += _bars(counts, width_days, (left, plot_w, plot_h), text)
    parts.append(
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{w - 10}" y2="{10 + plot_h}" class="axis"/>'
    )
    for tick in range(0, int(top) + 1, max(1, int(top // 8) or 1)):
        parts.append(f'<text x="{x(tick):.1f}" y="{h - 8}" class="tick">{tick}</text>')
    for key, threshold, css in (
        ("mentorwatch-web-chart-away", away_days, "away"),
        ("mentorwatch-web-chart-removal", removal_days, "removal"),
    ):
        if threshold is None:
            continue
        parts.append(
            f'<line x1="{x(threshold):.1f}" y1="10" x2="{x(threshold):.1f}" '
            f'y2="{10 + plot_h}" class="threshold {css}"/>'
            f'<text x="{x(threshold) + 3:.1f}" y="22" class="threshold-label {css}">'
            f"{escape(text.text(key, days=threshold))}</text>"
        )
    parts.append(
        f'<text x="{w - 10}" y="{h - 8 - 12}" class="tick" text-anchor="end">'
        f"{escape(text.text('mentorwatch-web-chart-axis'))}</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _bars(
    counts: list[int], width_days: float, plot: tuple[float, float, float], text: PageText
) -> list[str]:
    """One bar per bin that counts someone, its tooltip in the reader's language."""
    left, plot_w, plot_h = plot
    tallest = max(counts) or 1
    bars = []
    bar_w = plot_w / len(counts)
    for index, count in enumerate(counts):
        if not count:
            continue
        bar_h = plot_h * count / tallest
        lo, hi = index * width_days, (index + 1) * width_days
        bar_title = text.text(
            "mentorwatch-web-chart-bar", num_mentors=count, low=f"{lo:.0f}", high=f"{hi:.0f}"
        )
        bars.append(
            f'<rect x="{left + index * bar_w + 1:.1f}" y="{10 + plot_h - bar_h:.1f}" '
            f'width="{bar_w - 2:.1f}" height="{bar_h:.1f}" class="bar">'
            f"<title>{escape(bar_title)}</title></rect>"
        )
    return bars
