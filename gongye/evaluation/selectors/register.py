"""The register's year as evaluation inputs (评价数据): every active enterprise of the region
with its land, scale, industry and marks, and the 本年累计 figures of the latest month the
bureau's sheets give for the year (December, for a year whose data is complete).

The figures are read as floats by the database (``Cast``) and the rows as the driver gives
them (``core.bulk.fetch_rows``): the ORM would make a ``Decimal`` of each of 100,000 × 9 cells
and convert every row, and the evaluation computes in floats anyway."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db.models import F, FloatField
from django.db.models.functions import Cast

from gongye.core.bulk import fetch_rows
from gongye.enterprises.choices import Scale
from gongye.enterprises.models import Enterprise, MonthlyFigure
from gongye.evaluation.engine.inputs import Inputs, inputs_from_columns
from gongye.orgs.models import Region

# the register's monthly figures the catalogue reads (本年累计)
FIGURES = (
    "tax",
    "value_added",
    "revenue",
    "profit",
    "output_value",
    "energy_tce",
    "rd_expense",
    "electricity_kwh",
    "employees",
)


def _floats(*names: str) -> dict[str, Cast]:
    return {f"f_{name}": Cast(F(name), FloatField()) for name in names}


def _enterprises(region: Region) -> list[tuple[Any, ...]]:
    return list(
        fetch_rows(
            Enterprise.objects.within(region.path)
            .filter(is_active=True)
            .order_by()
            .annotate(**_floats("land_owned_mu", "land_rented_mu"))
            .values_list(
                *("id", "credit_code", "name", "scale", "industry_code", "in_dev_zone"),
                *("f_land_owned_mu", "f_land_rented_mu", "established_on", "above_scale_since"),
                *("hightech_cert_no", "srdi_level"),
            )
        )
    )


def _years(values: list[Any]) -> np.ndarray:
    """The dates' years as the driver gives the dates (``date`` objects, or SQLite's ISO
    text); NaN for none."""
    return np.array(
        [
            np.nan if not value else value.year if hasattr(value, "year") else float(value[:4])
            for value in values
        ],
        dtype=np.float64,
    )


def _month_figures(region: Region, year: int, month: int) -> Any:
    """(enterprise id, the figures as floats) of the region's month."""
    return fetch_rows(
        MonthlyFigure.objects.within(region.path)
        .filter(year=year, month=month)
        .order_by()
        .annotate(**_floats(*FIGURES))
        .values_list("enterprise_id", *(f"f_{name}" for name in FIGURES))
    )


def register_inputs(region: Region, year: int) -> tuple[Inputs, np.ndarray, np.ndarray]:
    """(inputs, enterprise ids, month of each enterprise's figures — 0 for none), ordered by
    credit code. Land is owned plus rented (亩); age in whole years at the end of ``year``;
    a utility is an enterprise of 门类 D (电力、热力、燃气及水生产和供应业, GB/T 4754)."""
    # ordered by credit code here, not by the database (its collation sorts text slowly, and
    # the codes are ASCII): the same order on SQLite and PostgreSQL
    rows = sorted(_enterprises(region), key=lambda row: row[1])
    size = len(rows)
    (
        ids_,
        codes,
        names,
        scales,
        industries,
        zones,
        owned,
        rented,
        established,
        scaled,
        hightech,
        srdi,
    ) = (list(column) for column in zip(*rows, strict=True)) if rows else ([] for _ in range(12))
    ids = np.array(ids_, dtype=np.int64)
    figures = {name: np.full(size, np.nan) for name in FIGURES}
    months = np.zeros(size, dtype=np.int64)
    order = np.argsort(ids)
    sorted_ids = ids[order]
    for month in range(12, 0, -1):
        if not size or months.all():
            break
        found = np.array(list(_month_figures(region, year, month)), dtype=np.float64)
        if not found.size:
            continue
        # each row's enterprise among the register's (an enterprise no longer active is left)
        where = np.searchsorted(sorted_ids, found[:, 0].astype(np.int64)).clip(0, size - 1)
        known = sorted_ids[where] == found[:, 0].astype(np.int64)
        at = order[where[known]]
        found = found[known]
        fresh = months[at] == 0  # the latest month an enterprise has wins
        at, found = at[fresh], found[fresh]
        months[at] = month
        for column, name in enumerate(FIGURES, start=1):
            figures[name][at] = found[:, column]
    owned_mu = np.array(owned, dtype=np.float64)  # None → NaN
    rented_mu = np.array(rented, dtype=np.float64)
    # owned plus rented; missing only when neither is known
    land = np.where(
        np.isnan(owned_mu) & np.isnan(rented_mu),
        np.nan,
        np.nan_to_num(owned_mu) + np.nan_to_num(rented_mu),
    )
    founded = _years(established)
    columns: dict[str, Any] = {
        **figures,
        "credit_code": codes,
        "name": names,
        "scale": ["规上" if scale == Scale.ABOVE else "规下" for scale in scales],
        "industry": industries,
        "in_zone": np.array(zones, dtype=bool),
        "land_mu": land,
        "age_years": year - founded,
        "promoted": _years(scaled) == year,
        "new_enterprise": founded == year,
        "hightech": np.array([bool(code) for code in hightech], dtype=bool),
        "srdi": np.array([bool(level) for level in srdi], dtype=bool),
        "utility": np.char.startswith(np.array(industries, dtype=str), "D") if size else [],
    }
    return inputs_from_columns(columns, size), ids, months
