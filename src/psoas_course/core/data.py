"""Load the course's data files with clear messages when a file, column or value is wrong.

The tables live in ``data/`` at the top of the repository; see :func:`data_dir` for where
an installed package finds them.  Loaders return pandas DataFrames whose columns have been
checked, so model and drawing code can trust them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd


class DataError(ValueError):
    """A data file is missing or malformed; the message names the file and the field."""


# a folder named data/ holding this file is the course's data (not some other data/)
MARKER = "opensim_psoas_path.csv"
# the copy a wheel ships (setup.py copies data/ and references.bib here at build time)
PACKAGED = Path(__file__).resolve().parents[1] / "course_data" / "data"
# the checkout an editable install runs from
CHECKOUT = Path(__file__).resolve().parents[3] / "data"


def local_data_dir(start: Path) -> Path | None:
    """The nearest ``data/`` with the course's tables in ``start`` or a folder above it."""
    for folder in (start, *start.parents):
        if (folder / "data" / MARKER).is_file():
            return folder / "data"
    return None


def data_dir() -> Path:
    """Folder holding the course data, the first of:

    1. ``PSOAS_DATA_DIR`` (an environment variable), when set;
    2. a ``data/`` beside or above the working folder (a notebook's kernel runs in the
       notebook's folder), so a student's own pulled copy on a class hub wins;
    3. the copy shipped inside the installed package (Colab, ``pip install``);
    4. ``data/`` of the checkout an editable install runs from.
    """
    override = os.environ.get("PSOAS_DATA_DIR")
    if override:
        return Path(override)
    try:
        local = local_data_dir(Path.cwd())
    except OSError:  # the working folder was deleted
        local = None
    if local is not None:
        return local
    for candidate in (PACKAGED, CHECKOUT):
        if (candidate / MARKER).is_file():
            return candidate
    return PACKAGED


def load_table(name: str, columns: dict[str, str], folder: Path | None = None) -> pd.DataFrame:
    """Read ``name`` from the data folder and check its columns.

    ``columns`` maps each required column to ``"number"`` or ``"text"``.  A missing
    file, a missing column or a non-numeric value in a number column raises
    :class:`DataError` naming the file, the column and the first bad row.
    """
    path = (folder or data_dir()) / name
    if not path.is_file():
        raise DataError(f"{path}: file not found (expected the course data table '{name}')")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: cannot be read as CSV ({err})") from None
    missing = [col for col in columns if col not in table.columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {', '.join(repr(c) for c in missing)}; "
            f"found {', '.join(table.columns)}"
        )
    for col, kind in columns.items():
        if kind == "number":
            as_numbers = pd.to_numeric(table[col], errors="coerce")
            bad = as_numbers.isna() & (table[col].str.strip() != "")
            if bad.any():
                row = int(bad.idxmax())
                raise DataError(
                    f"{path}: column '{col}' must be a number, "
                    f"but row {row + 2} has {table[col][row]!r}"
                )
            table[col] = as_numbers
        elif kind != "text":
            raise ValueError(f"unknown column kind {kind!r} for {col!r}")
    return table


def load_path_points(folder: Path | None = None) -> pd.DataFrame:
    """Psoas path points, wrap cylinder and hip centre of the two OpenSim models."""
    return load_table(
        "opensim_psoas_path.csv",
        {
            "model": "text",
            "point": "text",
            "element": "text",
            "body": "text",
            "x_m": "number",
            "y_m": "number",
            "z_m": "number",
            "radius_m": "number",
            "detail": "text",
            "provenance": "text",
        },
        folder,
    )


def load_model_curves(folder: Path | None = None) -> pd.DataFrame:
    """Length and moment-arm curves computed with OpenSim 4.6 on the two models."""
    return load_table(
        "opensim_model_curves.csv",
        {
            "model": "text",
            "hip_flexion_deg": "number",
            "mtu_length_m": "number",
            "pct_change_vs_neutral": "number",
            "moment_arm_m": "number",
            "provenance": "text",
        },
        folder,
    )


def load_literature_moment_arms(folder: Path | None = None) -> pd.DataFrame:
    """Measured and fibre-band moment arms (Arnold 2000; Blemker & Delp 2005)."""
    return load_table(
        "literature_moment_arms.csv",
        {
            "source": "text",
            "muscle": "text",
            "series": "text",
            "hip_flexion_deg": "number",
            "moment_arm_cm": "number",
            "provenance": "text",
        },
        folder,
    )


def load_landmarks(folder: Path | None = None) -> pd.DataFrame:
    """Schematic skeleton and muscle landmarks used to draw the anatomy diagrams."""
    return load_table(
        "skeleton_landmarks.csv",
        {
            "structure": "text",
            "point": "text",
            "body": "text",
            "x_m": "number",
            "y_m": "number",
            "z_m": "number",
            "provenance": "text",
        },
        folder,
    )
