from projects import charts
from projects.indicators import Progress


def test_progress_bars_scale_the_count_against_the_target():
    chart = charts.progress_bars(
        chart_id="c", title="Cele", items=[("Nowe", Progress(12, 20)), ("Ponad", Progress(60, 50))]
    )

    first, second = chart["rows"]
    bar_space = charts.WIDTH - charts.VALUE_SPACE
    assert (first["width"], first["track_width"], first["target_x"]) == (
        round(bar_space * 12 / 20, 1), bar_space, bar_space,
    )  # fmt: skip
    assert (second["width"], second["target_x"]) == (bar_space, round(bar_space * 50 / 60, 1))
    assert second["y"] > first["y"]
    assert chart["height"] == 2 * (charts.LABEL_HEIGHT + charts.BAR_HEIGHT + charts.ROW_GAP)


def test_grouped_bars_draw_one_bar_per_series_scaled_to_the_largest():
    series = [
        charts.Series("created", "nowe", "#1d6b3a"),
        charts.Series("supported", "wsparte", "#0a58ca"),
    ]
    rows = [
        {"name": "Konin", "created": 2, "supported": 4},
        {"name": "Kramsk", "created": 0, "supported": 1},
    ]

    chart = charts.grouped_bars(chart_id="c", title="Powiaty", rows=rows, series=series)

    bar_space = charts.WIDTH - charts.VALUE_SPACE
    assert [[bar["width"] for bar in group["bars"]] for group in chart["groups"]] == [
        [round(bar_space / 2, 1), bar_space], [0.0, round(bar_space / 4, 1)],
    ]  # fmt: skip
    assert [[bar["label"] for bar in group["bars"]] for group in chart["groups"]] == [
        ["nowe", "wsparte"], ["nowe", "wsparte"],
    ]  # fmt: skip


def test_grouped_bars_of_no_rows_have_a_height():
    chart = charts.grouped_bars(chart_id="c", title="Pusto", rows=[], series=[])

    assert (chart["groups"], chart["height"]) == ([], 1)
