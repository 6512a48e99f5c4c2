"""Tests for data/heart.csv (against its README and its raw file) and nn_helpers.data."""

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sklearn.model_selection import train_test_split

from nn_helpers import data
from nn_helpers.data import load_heart, make_xor, split_and_scale

REPO = Path(__file__).resolve().parent.parent
HEART_CSV = REPO / "data" / "heart.csv"
README = REPO / "data" / "README.md"
BUILD_SCRIPT = REPO / "data" / "build_heart_csv.py"
# The raw Orange file is not part of the repository; it sits next to it when available.
RAW_TAB = REPO.parent / "shared" / "data" / "heart_disease.tab"
needs_raw = pytest.mark.skipif(not RAW_TAB.is_file(),
                               reason="raw file ../shared/data/heart_disease.tab not found next to the repository")


# --- what the README says -------------------------------------------------------------------------------------------

def _readme_section(title):
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:] if end == -1 else text[start:end]


def _table_rows(section):
    """Cells of every Markdown table row in a section, header and separator rows included."""
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in section.splitlines() if line.strip().startswith("|")]


def readme_columns():
    """[(column, values cell)] from the README's column table, in order."""
    rows = _table_rows(_readme_section("Columns"))
    return [(re.fullmatch(r"`(\w+)`", cells[0]).group(1), cells[4]) for cells in rows if cells[0].startswith("`")]


def readme_class_balance():
    """{target: (patients, share string)} from the README's class-balance table."""
    balance = {}
    for cells in _table_rows(_readme_section("Target and class balance")):
        if re.fullmatch(r"[01]", cells[0]):
            balance[int(cells[0])] = (int(cells[2]), re.fullmatch(r"(\d+\.\d) %", cells[3]).group(1))
    return balance


def readme_shape():
    match = re.search(r"(\d+) rows \(one per patient\) × (\d+) columns", README.read_text(encoding="utf-8"))
    return int(match.group(1)), int(match.group(2))


def readme_conversions():
    """{csv column: {raw category: code}} for the columns the README's conversion table maps by category."""
    conversions = {}
    for cells in _table_rows(_readme_section("What was done to the raw file")):
        if len(cells) == 3 and cells[1].startswith("`"):
            pairs = re.findall(r"`([^`]+)`(?: \(sic\))? → (\d+)", cells[2])
            if pairs:
                conversions[cells[1].strip("`")] = {raw: int(code) for raw, code in pairs}
    return conversions


def read_heart_csv_text():
    with open(HEART_CSV, newline="", encoding="utf-8") as file:
        header, *rows = list(csv.reader(file))
    return header, rows


# --- heart.csv against its README -----------------------------------------------------------------------------------

def test_readme_tables_parse():
    # Guards the parsers: if the README's layout changed, the tests below would check nothing.
    assert len(readme_columns()) == 14
    assert set(readme_class_balance()) == {0, 1}
    assert {"sex", "chest_pain_type", "resting_ecg", "st_slope", "thallium_scan"} <= set(readme_conversions())


def test_header_and_shape_match_readme():
    header, rows = read_heart_csv_text()
    assert header == [name for name, _ in readme_columns()]
    n_rows, n_columns = readme_shape()
    assert len(rows) == n_rows
    assert len(header) == n_columns
    assert all(len(row) == n_columns for row in rows)
    assert header[-1] == "target"


def test_no_missing_values_and_plain_number_formats():
    header, rows = read_heart_csv_text()
    for line_number, row in enumerate(rows, start=2):
        for name, text in zip(header, row):
            # One decimal for the ST depression, whole numbers everywhere else: no "145.0", no "2.3000000001".
            pattern = r"\d+\.\d" if name == "st_depression" else r"\d+"
            assert re.fullmatch(pattern, text), f"line {line_number}, {name}: {text!r}"


def test_values_are_the_documented_codes_and_ranges():
    header, rows = read_heart_csv_text()
    columns = {name: [float(row[j]) for row in rows] for j, name in enumerate(header)}
    for name, values_cell in readme_columns():
        codes = [float(code) for code in re.findall(r"(\d+) = ", values_cell)]
        if codes:
            assert set(columns[name]) == set(codes), name
        else:
            low, high = (float(bound) for bound in re.fullmatch(r"(\S+) – (\S+)", values_cell).groups())
            assert min(columns[name]) == low, name
            assert max(columns[name]) == high, name


def test_class_balance_matches_readme():
    header, rows = read_heart_csv_text()
    counts = Counter(int(row[header.index("target")]) for row in rows)
    balance = readme_class_balance()
    for target, (patients, share) in balance.items():
        assert counts[target] == patients
        assert f"{100 * counts[target] / len(rows):.1f}" == share
    assert sum(patients for patients, _ in balance.values()) == len(rows)


# --- heart.csv against the raw file ---------------------------------------------------------------------------------

@needs_raw
def test_build_script_reproduces_heart_csv_byte_for_byte(tmp_path):
    output = tmp_path / "heart.csv"
    result = subprocess.run([sys.executable, str(BUILD_SCRIPT), str(RAW_TAB), "--output", str(output)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert output.read_bytes() == HEART_CSV.read_bytes()


@needs_raw
def test_csv_is_the_raw_file_converted_as_the_readme_says():
    """Every raw value maps to the CSV as the README's conversion table says; '?' became the column's mode."""
    with open(RAW_TAB, newline="", encoding="utf-8") as file:
        raw_rows = list(csv.reader(file, delimiter="\t"))[3:]
    header, rows = read_heart_csv_text()
    assert len(raw_rows) == len(rows)
    conversions = readme_conversions()
    n_missing = 0
    for j, name in enumerate(header):
        csv_values = [float(row[j]) for row in rows]
        mode = Counter(csv_values).most_common(1)[0][0]
        for raw_row, csv_value in zip(raw_rows, csv_values):
            raw = raw_row[j]
            if raw == "?":
                n_missing += 1
                assert csv_value == mode, name
            elif name in conversions:
                assert csv_value == conversions[name][raw], (name, raw)
            else:
                assert csv_value == float(raw), (name, raw)
    assert n_missing == 6  # 4 in major_vessels, 2 in thallium_scan, as in the UCI file


# --- the build script on small synthetic files (run anywhere) -------------------------------------------------------

TAB_HEADER = (
    "age\tgender\tchest pain\trest SBP\tcholesterol\tfasting blood sugar > 120\trest ECG\tmax HR\texerc ind ang\t"
    "ST by exercise\tslope peak exc ST\tmajor vessels colored\tthal\tdiameter narrowing\n"
    "c\td\td\tc\tc\td\tnormal left\\ vent\\ hypertrophy ST-T\\ abnormal\tc\t0 1\tc\tupsloping flat downsloping\tc\t"
    "normal reversable\\ defect fixed\\ defect\td\n"
    "\t\t\t\t\t\t\t\t\t\t\t\t\tclass\n"
)
TAB_ROWS = [
    "63\tmale\ttypical ang\t145\t233\t1\tleft vent hypertrophy\t150\t0\t2.3\tdownsloping\t2\tfixed defect\t0",
    "41\tfemale\tatypical ang\t130\t204\t0\tnormal\t172\t0\t1\tupsloping\t2\tfixed defect\t0",
    "67\tmale\tasymptomatic\t120\t229\t0\tST-T abnormal\t129\t1\t0\tflat\t1\treversable defect\t1",
    "37\tmale\tnon-anginal\t130\t250\t0\tnormal\t187\t0\t3.5\tflat\t?\t?\t1",
]


def run_build(tmp_path, rows, header=TAB_HEADER):
    raw = tmp_path / "raw.tab"
    raw.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    result = subprocess.run([sys.executable, str(BUILD_SCRIPT), str(raw), "--output", str(output)],
                            capture_output=True, text=True, check=False)
    return result, output


def test_build_script_codes_imputes_and_formats(tmp_path):
    result, output = run_build(tmp_path, TAB_ROWS)
    assert result.returncode == 0, result.stderr
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(name for name, _ in readme_columns())
    assert lines[1:] == [
        "63,1,1,145,233,1,2,150,0,2.3,3,2,6,0",
        "41,0,2,130,204,0,0,172,0,1.0,1,2,6,0",
        "67,1,4,120,229,0,1,129,1,0.0,2,1,7,1",
        # the two '?' became the modes of their columns: 2 vessels, 6 = fixed defect
        "37,1,3,130,250,0,0,187,0,3.5,2,2,6,1",
    ]


@pytest.mark.parametrize("bad_row, message", [
    (TAB_ROWS[0].replace("typical ang", "typical angina"), "unknown category 'typical angina'"),
    (TAB_ROWS[0].replace("\t145\t", "\tabc\t"), "'abc' is not a number"),
    (TAB_ROWS[0].replace("\t2.3\t", "\t2.35\t"), "more than one decimal"),
    (TAB_ROWS[0].replace("\t0\t2.3", "\t2.3"), "fields"),
    (TAB_ROWS[0][:-1] + "?", "target is missing"),
])
def test_build_script_fails_loudly_on_bad_rows(tmp_path, bad_row, message):
    result, output = run_build(tmp_path, [bad_row] + TAB_ROWS[1:])
    assert result.returncode != 0
    assert message in result.stderr
    assert not output.exists()


def test_build_script_fails_on_an_unexpected_header(tmp_path):
    result, _ = run_build(tmp_path, TAB_ROWS, header=TAB_HEADER.replace("thal\t", "thalassemia\t", 1))
    assert result.returncode != 0
    assert "unexpected column names" in result.stderr
    result, _ = run_build(tmp_path, TAB_ROWS, header=TAB_HEADER.replace("fixed\\ defect", "fixed"))
    assert result.returncode != 0
    assert "declares categories" in result.stderr


def test_build_script_refuses_a_tie_for_the_mode(tmp_path):
    rows = TAB_ROWS[:3] + [TAB_ROWS[2], TAB_ROWS[3]]  # major vessels 2, 2, 1, 1 and '?': no single mode
    result, _ = run_build(tmp_path, rows)
    assert result.returncode != 0
    assert "no single most common value" in result.stderr


# --- load_heart ------------------------------------------------------------------------------------------------------

def test_load_heart_shapes_dtypes_and_values():
    X, y, feature_names = load_heart()
    assert X.shape == (303, 13) and X.dtype == np.float64
    assert y.shape == (303,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    header, _ = read_heart_csv_text()
    assert feature_names == header[:-1]
    assert all(isinstance(name, str) for name in feature_names)
    # An independent reader gives the same numbers.
    table = np.loadtxt(HEART_CSV, delimiter=",", skiprows=1)
    np.testing.assert_array_equal(X, table[:, :-1])
    np.testing.assert_array_equal(y, table[:, -1])


def test_load_heart_accepts_str_and_path(tmp_path):
    copy = tmp_path / "copy.csv"
    copy.write_bytes(HEART_CSV.read_bytes())
    X_default, y_default, _ = load_heart()
    for path in (copy, str(copy)):
        X, y, _ = load_heart(path)
        np.testing.assert_array_equal(X, X_default)
        np.testing.assert_array_equal(y, y_default)


def test_load_heart_default_path_is_in_the_repository():
    assert data.DATA_DIR == REPO / "data"


def test_load_heart_missing_default_file_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "DATA_DIR", tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError) as error:
        load_heart()
    message = str(error.value)
    assert str(tmp_path / "nowhere" / "heart.csv") in message
    assert "clone" in message and "Colab" in message


def test_load_heart_missing_given_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="no_such_file.csv"):
        load_heart(tmp_path / "no_such_file.csv")


def test_load_heart_rejects_a_non_path():
    with pytest.raises(TypeError, match="path"):
        load_heart(42)


def _write_variant(tmp_path, edit):
    """A copy of heart.csv with its lines passed through edit(lines)."""
    lines = HEART_CSV.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "variant.csv"
    lines = edit(lines)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _replace_field(line, index, value):
    fields = line.split(",")
    fields[index] = value
    return ",".join(fields)


@pytest.mark.parametrize("edit, pattern", [
    (lambda lines: [lines[0].replace("cholesterol", "chol")] + lines[1:], r"line 1: unexpected header"),
    (lambda lines: [lines[0].rsplit(",", 1)[0]] + lines[1:], r"line 1: unexpected header"),
    (lambda lines: lines[:2] + [_replace_field(lines[2], 4, "high")] + lines[3:],
     r"line 3, column 'cholesterol': 'high' is not a number"),
    (lambda lines: lines[:3] + [_replace_field(lines[3], 11, "")] + lines[4:],
     r"line 4, column 'major_vessels': missing value"),
    (lambda lines: lines[:3] + [_replace_field(lines[3], 12, "?")] + lines[4:],
     r"line 4, column 'thallium_scan': missing value"),
    (lambda lines: lines[:3] + [_replace_field(lines[3], 0, "nan")] + lines[4:], r"line 4, column 'age': missing"),
    (lambda lines: lines[:3] + [_replace_field(lines[3], 0, "inf")] + lines[4:], r"line 4, column 'age'.*finite"),
    (lambda lines: lines[:5] + [_replace_field(lines[5], 13, "2")] + lines[6:], r"line 6: the target must be 0 or 1"),
    (lambda lines: lines[:6] + [lines[6] + ",1"] + lines[7:], r"line 7: 15 fields, but the header has 14"),
    (lambda lines: lines[:6] + [lines[6].rsplit(",", 1)[0]] + lines[7:], r"line 7: 13 fields"),
    (lambda lines: lines[:1], r"no data lines"),
    (lambda lines: [], r"empty"),
    (lambda lines: [""], r"empty"),
])
def test_load_heart_rejects_malformed_files(tmp_path, edit, pattern):
    path = _write_variant(tmp_path, edit)
    with pytest.raises(ValueError, match=pattern):
        load_heart(path)


def test_load_heart_tolerates_a_trailing_blank_line_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + HEART_CSV.read_bytes() + b"\n")
    X, y, _ = load_heart(path)
    assert X.shape == (303, 13) and y.shape == (303,)


# --- make_xor ---------------------------------------------------------------------------------------------------------

def test_make_xor():
    X, y = make_xor()
    assert X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]))


def test_make_xor_returns_fresh_arrays():
    X, y = make_xor()
    X[0, 0], y[0] = 5, 5  # a learner editing the arrays must not change the next call's result
    X2, y2 = make_xor()
    assert X2[0, 0] == 0 and y2[0] == 0


# --- split_and_scale --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def heart():
    X, y, _ = load_heart()
    return X, y


def test_split_shapes_and_dtypes(heart):
    X, y = heart
    X_train, X_test, y_train, y_test = split_and_scale(X, y)
    assert X_train.shape == (242, 13) and X_test.shape == (61, 13)  # sklearn rounds the test part up: ceil(60.6)
    assert y_train.shape == (242,) and y_test.shape == (61,)
    assert X_train.dtype == np.float64 and X_test.dtype == np.float64


def test_split_is_stratified(heart):
    X, y = heart
    for seed in range(5):
        _, _, y_train, y_test = split_and_scale(X, y, test_size=0.3, seed=seed)
        # Each part's share of class 1 is within one patient of the whole data's.
        assert abs(y_test.mean() - y.mean()) <= 1 / len(y_test)
        assert abs(y_train.mean() - y.mean()) <= 1 / len(y_train)
        assert np.bincount(y_train).sum() + np.bincount(y_test).sum() == len(y)


def test_training_part_is_standardised(heart):
    X, y = heart
    X_train, _, _, _ = split_and_scale(X, y)
    np.testing.assert_allclose(X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X_train.std(axis=0), 1.0, atol=1e-12)


def test_scaler_saw_only_the_training_part(heart):
    X, y = heart
    X_train, X_test, _, y_test = split_and_scale(X, y, seed=3)
    # The same split done by hand, then scaled with training statistics only.
    raw_train, raw_test, _, raw_y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=3)
    mean, std = raw_train.mean(axis=0), raw_train.std(axis=0)
    np.testing.assert_array_equal(y_test, raw_y_test)
    np.testing.assert_allclose(X_train, (raw_train - mean) / std, atol=1e-12)
    np.testing.assert_allclose(X_test, (raw_test - mean) / std, atol=1e-12)
    # So the test part is NOT exactly centred: its own statistics were never used.
    assert np.abs(X_test.mean(axis=0)).max() > 0.05
    # ... and neither were the statistics of all rows together.
    assert not np.allclose(X_train, (raw_train - X.mean(axis=0)) / X.std(axis=0))


def test_split_is_reproducible_and_seeded(heart):
    X, y = heart
    first = split_and_scale(X, y, seed=7)
    again = split_and_scale(X, y, seed=7)
    other = split_and_scale(X, y, seed=8)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1], other[1])


def test_split_does_not_modify_its_inputs(heart):
    X, y = heart
    X_before, y_before = X.copy(), y.copy()
    split_and_scale(X, y)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)


def test_split_accepts_lists():
    X = [[float(i), float(i % 3)] for i in range(20)]
    y = [i % 2 for i in range(20)]
    X_train, X_test, y_train, y_test = split_and_scale(X, y, test_size=0.25)
    assert X_train.shape == (15, 2) and X_test.shape == (5, 2)
    assert len(y_train) == 15 and len(y_test) == 5


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(X=np.zeros((10, 2)), y=np.zeros(9)), ValueError, "X has 10 samples but y has 9"),
    (dict(X=np.zeros(10), y=np.zeros(10)), ValueError, r"X must be 2-D.*reshape\(-1, 1\)"),
    (dict(X=np.zeros((10, 2)), y=np.zeros((10, 1))), ValueError, r"y must be 1-D.*ravel"),
    (dict(X=np.zeros((10, 2)), y=np.zeros(10), test_size=0), ValueError, "strictly between 0 and 1"),
    (dict(X=np.zeros((10, 2)), y=np.zeros(10), test_size=1.0), ValueError, "strictly between 0 and 1"),
    (dict(X=np.zeros((10, 2)), y=np.zeros(10), test_size=-0.2), ValueError, "strictly between 0 and 1"),
    (dict(X=np.zeros((10, 2)), y=np.zeros(10), test_size=3), ValueError, "strictly between 0 and 1"),
    (dict(X=np.zeros((10, 2)), y=np.zeros(10), test_size="0.2"), TypeError, "test_size"),
    (dict(X=np.zeros((10, 2)), y=np.zeros(10), seed=0.5), TypeError, "seed"),
    (dict(X=np.full((10, 2), np.nan), y=np.zeros(10)), ValueError, "NaN"),
    (dict(X=[["a", "b"]] * 10, y=np.zeros(10)), TypeError, "numeric"),
])
def test_split_rejects_bad_inputs(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        split_and_scale(**kwargs)


def test_xor_weights_compute_xor_and_are_sure_of_every_point():
    from nn_helpers import forward, xor_weights

    X, y = make_xor()
    P, cache = forward(X, xor_weights(), "relu")
    assert np.array_equal(P[:, 0] > 0.5, y == 1)
    assert np.all(np.where(y == 1, P[:, 0], 1 - P[:, 0]) >= 0.9)
    # In hidden space (0, 1) and (1, 0) meet at one point, which is what makes XOR linearly separable there.
    assert np.array_equal(cache["A1"], [[0, 0], [1, 0], [1, 0], [2, 1]])
