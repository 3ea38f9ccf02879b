"""One way to name a place: every form a person writes resolves to the one stored place."""

from __future__ import annotations

import pytest

from corpus.errors import AmbiguousPlaceError, ReportNotFoundError
from corpus.places.catalog import PlaceCatalog
from corpus.places.place import Place, labels, place_named

XINKOU = Place("辛口镇", "镇", "西青区", "天津市", "天津市", "120111102")
SHAWAN_JD = Place("沙湾街道", "街道", "番禺区", "广州市", "广东省", "440113002")
SHAWAN_Z = Place("沙湾镇", "镇", "五通桥区", "乐山市", "四川省", "511112101")
HEPING_A = Place("和平镇", "镇", "武清区")
HEPING_B = Place("和平镇", "镇", "邵武市", "南平市", "福建省", "350781108")


def catalog(*places: Place) -> PlaceCatalog:
    names = labels(list(places))
    return PlaceCatalog(
        [(n, i, p, (2023,)) for i, (n, p) in enumerate(zip(names, places, strict=True))]
    )


@pytest.mark.parametrize(
    "name",
    [
        "辛口",
        "辛口镇",
        "西青区辛口镇",
        "西青辛口",
        "天津市西青区辛口镇",
        "辛口鎮",
        "辛口镇人民政府",
        " 辛口 镇 ",
    ],
)
def test_every_form_of_a_town(name: str) -> None:
    assert catalog(XINKOU, SHAWAN_JD).resolve(name) == "辛口镇"


@pytest.mark.parametrize(
    "name", ["沙湾街", "沙湾街道", "沙湾街道办事处", "沙湾街办事处", "番禺区沙湾街道"]
)
def test_jie_forms_are_the_jiedao(name: str) -> None:
    assert catalog(SHAWAN_JD, SHAWAN_Z).resolve(name) == "沙湾街道"


def test_a_short_name_of_two_places_is_ambiguous() -> None:
    with pytest.raises(AmbiguousPlaceError) as err:
        catalog(SHAWAN_JD, SHAWAN_Z).resolve("沙湾")
    assert set(err.value.choices) == {"沙湾街道", "沙湾镇"}
    assert catalog(SHAWAN_JD, SHAWAN_Z).resolve("沙湾镇") == "沙湾镇"


def test_same_names_are_labelled_by_county_and_kept_apart() -> None:
    stored = catalog(HEPING_A, HEPING_B)
    assert sorted(stored) == ["武清区和平镇", "邵武市和平镇"]
    with pytest.raises(AmbiguousPlaceError) as err:
        stored.resolve("和平镇")
    assert "武清区和平镇" in str(err.value) and "区县" in str(err.value)
    assert stored.resolve("邵武和平") == "邵武市和平镇"
    assert stored.places["武清区和平镇"].key == "武清区/和平镇"
    assert stored.places["邵武市和平镇"].key == "350781108"


def test_unknown_name_is_not_found_with_what_is_stored() -> None:
    with pytest.raises(ReportNotFoundError) as err:
        catalog(XINKOU).resolve("张家窝")
    assert "辛口镇" in str(err.value)


def test_typed_names_mean_the_table_s_place() -> None:
    assert place_named("辛口").code == "120111102"
    assert place_named("沙湾街").code is None  # two in the table, no county: stays unnamed
    assert place_named("赤坎区沙湾街道").code == "440802006"
    assert place_named("试点镇") == Place("试点镇", "镇")


def test_opencc_does_not_rename_a_simplified_name() -> None:
    from corpus.places.locate import Parts, locate

    # t2s turns 濛 into 蒙, and 蒙阳街道 is another place of the table
    found = locate(Parts("彭州市濛阳街道2024年度法治政府建设情况报告"))
    assert found is not None and (found.name, found.code) == ("濛阳街道", "510182003")
    found = locate(Parts("寧鄉市煤炭壩鎮2024年度法治政府建設情況報告"))
    assert found is not None and (found.name, found.code) == ("煤炭坝镇", "430182106")
