"""The shared regions code list: complete, consistent, and read the way readers type a province."""

from __future__ import annotations

import pytest

from techniekpact import regions
from techniekpact.errors import DomainError


def test_the_list_holds_every_province_landsdeel_and_arbeidsmarktregio() -> None:
    kinds: dict[str, int] = {}
    for region in regions.regions().values():
        kinds[region.kind] = kinds.get(region.kind, 0) + 1
    assert kinds == {"landsdeel": 5, "provincie": 12, "arbeidsmarktregio": 35}
    provinces = [r for r in regions.regions().values() if r.kind == regions.PROVINCE]
    assert sorted(r.code for r in provinces) == [f"PV{n}" for n in range(20, 32)]
    # every province lies in one of the pact's landsdelen
    assert {regions.regions()[r.parent].kind for r in provinces} == {regions.LANDSDEEL}
    assert regions.province_names()["PV21"] == "Fryslân"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("PV25", "PV25"),
        ("pv25", "PV25"),
        ("Gelderland", "PV25"),
        (" gelderland ", "PV25"),
        ("Friesland", "PV21"),
        ("Fryslân", "PV21"),
        ("", None),
        (None, None),
    ],
)
def test_a_province_is_read_by_code_or_name(typed: str | None, code: str | None) -> None:
    assert regions.resolve_province(typed) == code


def test_an_unknown_province_is_refused_with_an_example() -> None:
    with pytest.raises(DomainError, match="Gelderland of PV25"):
        regions.resolve_province("Atlantis")
