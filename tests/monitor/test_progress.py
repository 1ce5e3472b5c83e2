"""Progress functions on hand-computed cases (values worked out in the comments)."""

import math

import pytest

from techniekpact.monitor.progress import (
    Goal,
    Method,
    Point,
    Status,
    assess,
    cagr,
    interpolate,
    scaling_factor,
)
from techniekpact.monitor.projection import project


def pts(*pairs: tuple[float, float]) -> list[Point]:
    return [Point(t, v) for t, v in pairs]


def test_cagr() -> None:
    assert cagr(100, 121, 2) == pytest.approx(0.10)
    with pytest.raises(ValueError):
        cagr(0, 5, 2)


def test_target_already_reached_is_checked_first() -> None:
    result = assess(pts((2015, 20), (2020, 31)), Goal(1, 30, 2025))
    assert result.status is Status.TARGET_ACHIEVED
    assert result.score == 5


def test_single_point_meeting_target_is_achieved_but_without_target_not_available() -> None:
    assert assess(pts((2020, 31)), Goal(1, 30, 2025)).status is Status.TARGET_ACHIEVED
    result = assess(pts((2020, 31)))
    assert result.status is Status.NOT_AVAILABLE
    assert "fewer_than_two_years" in result.notes


def test_on_track_with_target() -> None:
    # g_obs = 1.25^(1/5) - 1 = 0.0456396; g_req = 1.5^(1/10) - 1 = 0.0413797; R = 1.10294
    # score = 2.5 + 2.5 * (1.10294 - 0.95) / 0.35 = 3.59246
    result = assess(pts((2015, 20), (2020, 25)), Goal(1, 30, 2025))
    assert result.cagr_observed == pytest.approx(0.0456396, rel=1e-5)
    assert result.cagr_required == pytest.approx(0.0413797, rel=1e-5)
    assert result.progress_value == pytest.approx(1.1029443, rel=1e-6)
    assert result.status is Status.SUBSTANTIAL_PROGRESS
    assert result.score == pytest.approx(3.5924593, rel=1e-6)


def test_target_behind_base_value() -> None:
    # increase wanted, base 40 already above target 35, now 33: g_obs = -0.0377436,
    # g_req = -0.0132644. Open SDG: R = g_obs/|g_req| = -2.8455 -> deterioration.
    # Eurostat's plain ratio g_obs/g_req = +2.8455 would call this progress; we flag it.
    sdg = assess(pts((2015, 40), (2020, 33)), Goal(1, 35, 2025))
    assert sdg.progress_value == pytest.approx(-2.8454882, rel=1e-6)
    assert sdg.status is Status.DETERIORATION
    assert sdg.score == -5
    euro = assess(pts((2015, 40), (2020, 33)), Goal(1, 35, 2025), method=Method.EUROSTAT_SHORT)
    assert euro.progress_value == pytest.approx(2.8454882, rel=1e-6)
    assert "target_behind_base_value" in euro.notes


def test_required_growth_near_zero_explodes_and_clamps() -> None:
    # base 29.99, target 30: g_req = 3.334e-5; g_obs = -6.009e-4; R = -18.02
    result = assess(pts((2015, 29.99), (2020, 29.9)), Goal(1, 30, 2025))
    assert result.progress_value == pytest.approx(-18.0243502, rel=1e-6)
    assert result.status is Status.DETERIORATION
    assert result.score == -5


def test_required_growth_exactly_zero() -> None:
    result = assess(pts((2015, 30), (2020, 29)), Goal(1, 30, 2025))
    assert result.status is Status.DETERIORATION
    assert "required_growth_zero" in result.notes


def test_zero_base_value_is_replaced() -> None:
    # base 0 -> 0.001: g_obs = (5 / 0.001)^(1/5) - 1 = 4.4928
    result = assess(pts((2015, 0), (2020, 5)))
    assert result.cagr_observed == pytest.approx(4.4928027, rel=1e-6)
    assert "base_value_zero_replaced" in result.notes
    assert result.status is Status.SUBSTANTIAL_PROGRESS
    assert result.score == 5


def test_decrease_is_good() -> None:
    # unemployment 8 -> 6, target 5: g_obs = -0.0559125, g_req = -0.0459129, R = 1.2177935
    result = assess(pts((2015, 8), (2020, 6)), Goal(-1, 5, 2025))
    assert result.progress_value == pytest.approx(1.2177935, rel=1e-6)
    assert result.status is Status.SUBSTANTIAL_PROGRESS
    assert result.score == pytest.approx(4.4128104, rel=1e-6)
    worse = assess(pts((2015, 8), (2020, 9)), Goal(-1, 5, 2025))
    assert worse.status is Status.DETERIORATION


def test_missing_base_year_falls_forward_and_gaps_are_skipped() -> None:
    # no 2015 value: base 2016 (12) to 2019 (15): g = 1.25^(1/3) - 1 = 0.0772173
    result = assess(pts((2013, 10), (2016, 12), (2019, 15)))
    assert result.base_year == 2016
    assert result.cagr_observed == pytest.approx(0.0772173, rel=1e-6)
    assert "base_year_missing_used_next" in result.notes


def test_natural_limit_scales_the_no_target_bands() -> None:
    # C = 1 - 0.9^4.44 = 0.3736216; p = (91/90)^(1/5) - 1 = 0.0022124
    # bands 0.005C = 0.0018681 and 0.015C = 0.0056043 -> moderate; without limit -> limited
    assert scaling_factor(90, 100) == pytest.approx(0.3736216, rel=1e-6)
    limited = assess(pts((2015, 90), (2020, 91)), Goal(1, limit=100))
    assert limited.status is Status.MODERATE_PROGRESS
    assert limited.score == pytest.approx(0.2303820, rel=1e-5)
    plain = assess(pts((2015, 90), (2020, 91)))
    assert plain.status is Status.LIMITED_PROGRESS


def test_at_the_limit_any_non_negative_change_is_on_track() -> None:
    result = assess(pts((2015, 100), (2020, 100)), Goal(1, limit=100))
    assert result.scaling_factor == 0
    assert result.status is Status.SUBSTANTIAL_PROGRESS
    assert result.score == 5


def test_sign_change_is_not_assessed() -> None:
    result = assess(pts((2015, -2), (2020, 3)))
    assert result.status is Status.NOT_AVAILABLE
    assert "sign_change" in result.notes


def test_all_negative_flips_direction() -> None:
    # -10 -> -8 is an increase; on magnitudes it is a fall of |x|, so d flips to -1
    result = assess(pts((2015, -10), (2020, -8)))
    assert "all_negative_direction_flipped" in result.notes
    assert result.status is Status.SUBSTANTIAL_PROGRESS


def test_no_target_bands() -> None:
    assert assess(pts((2015, 100), (2020, 110))).status is Status.SUBSTANTIAL_PROGRESS
    assert assess(pts((2015, 100), (2020, 104))).status is Status.MODERATE_PROGRESS
    assert assess(pts((2015, 100), (2020, 101))).status is Status.LIMITED_PROGRESS
    assert assess(pts((2015, 100), (2020, 99))).status is Status.DETERIORATION


def test_target_year_passed_is_assessed_at_the_target_year() -> None:
    series = pts((2015, 20), (2018, 24), (2020, 26), (2023, 35))
    result = assess(series, Goal(1, 30, 2020))
    assert result.current_year == 2020
    assert "target_year_passed" in result.notes
    assert result.status is not Status.TARGET_ACHIEVED


def test_eurostat_windows() -> None:
    series = pts(*[(y, 100 + (y - 2000)) for y in range(2000, 2021)])
    short = assess(series, method=Method.EUROSTAT_SHORT)
    long = assess(series, method=Method.EUROSTAT_LONG)
    assert (short.base_year, long.base_year) == (2015, 2005)
    # 115 -> 120 over 5 years: 0.0085 per year: Eurostat 'moderate progress' (0..1%)
    assert short.category == "moderate_progress"
    assert short.score is None


def test_eurostat_trend_categories() -> None:
    down = assess(pts((2015, 100), (2020, 90)), method=Method.EUROSTAT_SHORT)
    assert (down.category, down.status) == ("significant_movement_away", Status.DETERIORATION)
    slight = assess(pts((2015, 100), (2020, 98)), method=Method.EUROSTAT_SHORT)
    assert (slight.category, slight.status) == ("moderate_movement_away", Status.LIMITED_PROGRESS)


def test_interpolate_clamps() -> None:
    points = ((-0.6, -5.0), (0.0, -2.5), (0.6, 0.0), (0.95, 2.5), (1.3, 5.0))
    assert interpolate(-3, points) == -5
    assert interpolate(0.3, points) == pytest.approx(-1.25)
    assert interpolate(9, points) == 5


def test_projection_on_a_straight_line() -> None:
    proj = project(pts((2015, 10), (2016, 11), (2017, 12)), 2020)
    assert proj.linear_value == pytest.approx(15)
    # CAGR 10 -> 12 over 2 years = 0.0954451; 12 * 1.0954451^3 = 15.7744
    assert proj.cagr_value == pytest.approx(12 * 1.2**1.5, rel=1e-9)
    assert proj.low == pytest.approx(15)
    assert proj.high == pytest.approx(12 * 1.2**1.5)


def test_projection_band_widens_with_noise_and_is_clipped_to_the_limit() -> None:
    proj = project(pts((2015, 90), (2016, 97), (2017, 93), (2018, 99)), 2030, limit=100)
    assert proj.high == 100
    assert proj.low < proj.linear_value <= 100
    assert not math.isnan(proj.slope_per_year)
    assessed = assess(pts((2015, 20), (2020, 25)), Goal(1, 30, 2025))
    assert assessed.projection is not None and assessed.projection.year == 2025


def test_aggregate_scores_like_open_sdg() -> None:
    from techniekpact.monitor.progress import aggregate

    on_track = assess(pts((2015, 20), (2020, 25)), Goal(1, 30, 2025))  # score 3.59
    worse = assess(pts((2015, 100), (2020, 99)))  # score about -2.85
    achieved = assess(pts((2015, 20), (2020, 31)), Goal(1, 30, 2025))
    assert aggregate([achieved, achieved])[0] is Status.TARGET_ACHIEVED
    status, score = aggregate(
        [
            on_track,
            worse,
            assess(
                pts(
                    (2020, 1),
                )
            ),
        ]
    )
    assert score == pytest.approx((on_track.score + worse.score) / 2)
    assert status is Status.MODERATE_PROGRESS
    assert aggregate(
        [
            assess(
                pts(
                    (2020, 1),
                )
            )
        ]
    ) == (Status.NOT_AVAILABLE, None)
