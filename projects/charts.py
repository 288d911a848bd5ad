"""Bar charts drawn on the server as inline SVG geometry (no chart library, no JavaScript).

The functions return plain dicts that ``includes/_bar_chart.html`` and
``includes/_progress_chart.html`` draw; a data table beside each chart carries the same
numbers for people who cannot see it.
"""

from dataclasses import dataclass

WIDTH = 360
LABEL_HEIGHT = 22
BAR_HEIGHT = 18
BAR_GAP = 4
ROW_GAP = 10
VALUE_SPACE = 80  # room right of the longest bar for its number
TEXT_COLOUR = "#212529"
TRACK_COLOUR = "#e9ecef"


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str


CREATED = "#1d6b3a"
SUPPORTED = "#0a58ca"


def grouped_bars(*, chart_id: str, title: str, rows: list[dict], series: list[Series]) -> dict:
    """Horizontal bars, one group per row (its label above), one bar per series."""
    largest = max([row[s.key] for row in rows for s in series] + [1])
    scale = (WIDTH - VALUE_SPACE) / largest
    y, groups = 0, []
    for row in rows:
        group = {"label": row["name"], "label_y": y + 16, "bars": []}
        y += LABEL_HEIGHT
        for s in series:
            width = round(row[s.key] * scale, 1)
            group["bars"].append(
                {
                    "y": y,
                    "width": width,
                    "value": row[s.key],
                    "label": s.label,
                    "colour": s.colour,
                    "text_x": round(width + 6, 1),
                    "text_y": y + BAR_HEIGHT - 4,
                }
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append(group)
        y += ROW_GAP
    return {
        "id": chart_id,
        "title": title,
        "width": WIDTH,
        "height": max(y, 1),
        "bar_height": BAR_HEIGHT,
        "groups": groups,
        "series": series,
        "text_colour": TEXT_COLOUR,
    }


def progress_bars(*, chart_id: str, title: str, items: list[tuple[str, object]]) -> dict:
    """One bar per (label, Progress): the count drawn over a track as long as the target,
    with a mark where the target is."""
    bar_space = WIDTH - VALUE_SPACE
    y, rows = 0, []
    for label, progress in items:
        longest = max(progress.target, progress.count, 1)
        scale = bar_space / longest
        rows.append(
            {
                "label": label,
                "label_y": y + 16,
                "y": y + LABEL_HEIGHT,
                "track_width": round(progress.target * scale, 1),
                "width": round(progress.count * scale, 1),
                "target_x": round(progress.target * scale, 1),
                "target_top": y + LABEL_HEIGHT - 3,
                "target_bottom": y + LABEL_HEIGHT + BAR_HEIGHT + 3,
                "text_x": round(max(progress.target, progress.count) * scale + 6, 1),
                "text_y": y + LABEL_HEIGHT + BAR_HEIGHT - 4,
                "progress": progress,
            }
        )
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    return {
        "id": chart_id,
        "title": title,
        "width": WIDTH,
        "height": max(y, 1),
        "bar_height": BAR_HEIGHT,
        "rows": rows,
        "colour": CREATED,
        "track_colour": TRACK_COLOUR,
        "text_colour": TEXT_COLOUR,
    }
