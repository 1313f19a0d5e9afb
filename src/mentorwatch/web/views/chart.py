"""The dashboard's chart: an SVG histogram of days since the last edit, with the away and
removal thresholds drawn (no JavaScript)."""

from __future__ import annotations

from markupsafe import Markup, escape

from mentorwatch.domain.wording import plural
from mentorwatch.web.views.mentor_rows import Row


def inactivity_chart(rows: list[Row], away_days: int | None, removal_days: int | None) -> Markup:
    """An SVG histogram of days since the last edit, with the thresholds as vertical lines."""
    days = [row.days_inactive for row in rows if row.days_inactive is not None]
    top = max([*days, float(away_days or 0), float(removal_days or 0), 14.0]) * 1.05
    bins = 30
    width_days = top / bins
    counts = [0] * bins
    for value in days:
        counts[min(int(value / width_days), bins - 1)] += 1
    tallest = max(counts) or 1
    w, h, left, bottom = 640, 180, 36, 26
    plot_w, plot_h = w - left - 10, h - bottom - 10

    def x(day: float) -> float:
        return left + plot_w * day / top

    parts = [
        f'<svg class="chart" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="Days since last edit, {plural(len(days), "mentor")}">',
        f"<title>Days since last edit across {plural(len(days), 'mentor')}</title>",
    ]
    bar_w = plot_w / bins
    for index, count in enumerate(counts):
        if not count:
            continue
        bar_h = plot_h * count / tallest
        lo, hi = index * width_days, (index + 1) * width_days
        parts.append(
            f'<rect x="{left + index * bar_w + 1:.1f}" y="{10 + plot_h - bar_h:.1f}" '
            f'width="{bar_w - 2:.1f}" height="{bar_h:.1f}" class="bar">'
            f"<title>{plural(count, 'mentor')}, {lo:.0f} to {hi:.0f} days</title></rect>"
        )
    parts.append(
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{w - 10}" y2="{10 + plot_h}" class="axis"/>'
    )
    for tick in range(0, int(top) + 1, max(1, int(top // 8) or 1)):
        parts.append(f'<text x="{x(tick):.1f}" y="{h - 8}" class="tick">{tick}</text>')
    for label, threshold, css in (
        ("away", away_days, "away"),
        ("removal", removal_days, "removal"),
    ):
        if threshold is None:
            continue
        parts.append(
            f'<line x1="{x(threshold):.1f}" y1="10" x2="{x(threshold):.1f}" '
            f'y2="{10 + plot_h}" class="threshold {css}"/>'
            f'<text x="{x(threshold) + 3:.1f}" y="22" class="threshold-label {css}">'
            f"{escape(label)} ({threshold} d)</text>"
        )
    parts.append(
        f'<text x="{w - 10}" y="{h - 8 - 12}" class="tick" text-anchor="end">'
        "days since last edit</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))
