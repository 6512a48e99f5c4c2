#!/usr/bin/env python3
"""Rebuild data/heart.csv from Orange's copy of the UCI Cleveland heart-disease data.

Usage (from the repository root, standard library only)::

    python data/build_heart_csv.py PATH/TO/heart_disease.tab [--output PATH]

The raw file ships inside the orange3 wheel on PyPI as
``Orange/datasets/heart_disease.tab``.  It is an Orange "tab" file: a row of
column names, a row of types, a row of flags (``class`` marks the target),
then one row per patient, tab-separated, with text categories and ``?`` for a
missing value.  This script

1. checks the three header rows are the ones it was written for,
2. turns every text category into the standard UCI Cleveland code, failing on
   a category it does not know,
3. replaces each missing value by the most common value (the mode) of its
   column, computed on all 303 rows, and
4. writes ``heart.csv`` next to this script (or to ``--output``), with
   integers written as integers and the ST depression with one decimal.

data/README.md documents every column and why the missing values are imputed.
Running the script twice gives the same bytes.
"""

import argparse
import csv
import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "heart.csv"

# Orange writes an unknown value as "?"; an empty cell means the same.
MISSING = {"?", ""}

# The standard UCI Cleveland codes for each text category in the raw file.
SEX = {"female": 0, "male": 1}
CHEST_PAIN = {"typical ang": 1, "atypical ang": 2, "non-anginal": 3, "asymptomatic": 4}
NO_YES = {"0": 0, "1": 1}
RESTING_ECG = {"normal": 0, "ST-T abnormal": 1, "left vent hypertrophy": 2}
ST_SLOPE = {"upsloping": 1, "flat": 2, "downsloping": 3}
MAJOR_VESSELS = {"0": 0, "1": 1, "2": 2, "3": 3}
THALLIUM = {"normal": 3, "fixed defect": 6, "reversable defect": 7}  # sic: the raw file spells it "reversable"

# (name in the raw file, name in heart.csv, how to convert a value).
# A dict maps each raw category to its code; "int" and "decimal" are numbers.
COLUMNS = [
    ("age", "age", "int"),
    ("gender", "sex", SEX),
    ("chest pain", "chest_pain_type", CHEST_PAIN),
    ("rest SBP", "resting_blood_pressure", "int"),
    ("cholesterol", "cholesterol", "int"),
    ("fasting blood sugar > 120", "fasting_blood_sugar", NO_YES),
    ("rest ECG", "resting_ecg", RESTING_ECG),
    ("max HR", "max_heart_rate", "int"),
    ("exerc ind ang", "exercise_angina", NO_YES),
    ("ST by exercise", "st_depression", "decimal"),
    ("slope peak exc ST", "st_slope", ST_SLOPE),
    ("major vessels colored", "major_vessels", MAJOR_VESSELS),
    ("thal", "thallium_scan", THALLIUM),
    ("diameter narrowing", "target", NO_YES),
]
TARGET = "diameter narrowing"


class RawFileError(ValueError):
    """The raw file is not the one this script was written for."""


def _orange_value_list(type_cell):
    """Split an Orange type cell like ``normal fixed\\ defect`` into its values (escaped spaces stay)."""
    return [value.replace("\\ ", " ") for value in re.split(r"(?<!\\) ", type_cell)]


def read_orange_tab(path):
    """Return (names, types, flags, rows) of an Orange .tab file; rows are lists of str."""
    with open(path, newline="", encoding="utf-8") as file:
        lines = list(csv.reader(file, delimiter="\t"))
    if len(lines) < 4:
        raise RawFileError(f"{path}: expected 3 header rows and data, found only {len(lines)} lines")
    names, types, flags, *rows = lines
    if len(types) != len(names):
        raise RawFileError(f"{path}: the type row has {len(types)} fields, but the header has {len(names)}")
    for line_number, row in enumerate(rows, start=4):
        if len(row) != len(names):
            raise RawFileError(f"{path}, line {line_number}: {len(row)} fields, but the header has {len(names)}")
    return names, types, flags, rows


def check_header(names, types, flags):
    """Fail unless the header rows describe exactly the columns and categories in COLUMNS."""
    expected_names = [raw_name for raw_name, _, _ in COLUMNS]
    if names != expected_names:
        raise RawFileError(f"unexpected column names:\n  found    {names}\n  expected {expected_names}")
    for raw_name, type_cell, (_, _, kind) in zip(names, types, COLUMNS):
        # Orange lists the categories of a discrete column in its type cell; a bare type ("d" for discrete,
        # "c" for continuous) lists none, and then convert_value checks every value instead.
        if isinstance(kind, dict) and type_cell not in ("d", "discrete", "c", "continuous"):
            declared = set(_orange_value_list(type_cell))
            if declared != set(kind):
                raise RawFileError(f"column {raw_name!r} declares categories {sorted(declared)}, "
                                   f"this script knows {sorted(kind)}")
    class_columns = [name for name, flag in zip(names, flags + [""] * len(names)) if "class" in flag.split()]
    if class_columns != [TARGET]:
        raise RawFileError(f"expected {TARGET!r} to be the only column flagged 'class', found {class_columns}")


def convert_value(text, kind, raw_name, line_number):
    """One raw cell -> int or float, or None if missing."""
    if text in MISSING:
        return None
    where = f"line {line_number}, column {raw_name!r}"
    if isinstance(kind, dict):
        if text not in kind:
            raise RawFileError(f"{where}: unknown category {text!r}; known: {sorted(kind)}")
        return kind[text]
    try:
        number = float(text)
    except ValueError:
        raise RawFileError(f"{where}: {text!r} is not a number") from None
    if kind == "int":
        if not number.is_integer():
            raise RawFileError(f"{where}: expected a whole number, found {text!r}")
        return int(number)
    # "decimal": the ST depression is recorded to 0.1 mm; anything finer would be lost by the formatting.
    if float(f"{number:.1f}") != number:
        raise RawFileError(f"{where}: {text!r} has more than one decimal")
    return number


def column_mode(values, csv_name):
    """The most common known value; a tie would make the choice arbitrary, so it is an error."""
    counts = Counter(value for value in values if value is not None).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        raise RawFileError(f"column {csv_name!r} has no single most common value: {counts[:2]}")
    return counts[0][0]


def build(raw_path):
    """Return (csv_header, csv_rows, imputed) where imputed maps csv column -> (mode, [1-based row numbers])."""
    names, types, flags, rows = read_orange_tab(raw_path)
    check_header(names, types, flags)
    table = [[convert_value(text, kind, raw_name, line_number)
              for text, (raw_name, _, kind) in zip(row, COLUMNS)]
             for line_number, row in enumerate(rows, start=4)]
    imputed = {}
    for j, (raw_name, csv_name, _) in enumerate(COLUMNS):
        column = [row[j] for row in table]
        missing_rows = [i for i, value in enumerate(column) if value is None]
        if not missing_rows:
            continue
        if raw_name == TARGET:
            raise RawFileError(f"the target is missing in data rows {[i + 1 for i in missing_rows]}")
        mode = column_mode(column, csv_name)
        for i in missing_rows:
            table[i][j] = mode
        imputed[csv_name] = (mode, [i + 1 for i in missing_rows])
    header = [csv_name for _, csv_name, _ in COLUMNS]
    csv_rows = [[f"{value:.1f}" if kind == "decimal" else str(value)
                 for value, (_, _, kind) in zip(row, COLUMNS)]
                for row in table]
    return header, csv_rows, imputed


def write_csv(header, rows, output):
    with open(output, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Rebuild heart.csv from Orange's heart_disease.tab.")
    parser.add_argument("raw", type=Path, help="path to heart_disease.tab")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the CSV (default: heart.csv "
                                                                     "next to this script)")
    args = parser.parse_args(argv)
    if not args.raw.is_file():
        parser.error(f"no file at {args.raw}; it ships in the orange3 wheel as Orange/datasets/heart_disease.tab")
    try:
        header, rows, imputed = build(args.raw)
    except RawFileError as error:
        sys.exit(f"{args.raw}: {error}")
    write_csv(header, rows, args.output)

    print(f"read  {args.raw} (sha256 {hashlib.sha256(args.raw.read_bytes()).hexdigest()})")
    for csv_name, (mode, row_numbers) in imputed.items():
        print(f"imputed {csv_name} = {mode} (its mode) in {len(row_numbers)} rows: {row_numbers}")
    targets = Counter(row[-1] for row in rows)
    for label in sorted(targets):
        print(f"target {label}: {targets[label]} rows ({100 * targets[label] / len(rows):.1f} %)")
    print(f"wrote {args.output}: {len(rows)} rows x {len(header)} columns")


if __name__ == "__main__":
    main()
