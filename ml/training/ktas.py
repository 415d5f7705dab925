"""Read the KTAS triage rows (Moon et al., PLOS ONE 2019) into clean Python values.

The file is semicolon separated, latin-1, with a decimal comma in one column, "#BOÞ!" and "??"
for unreadable values, and trailing spaces; every such value becomes None here.
"""

import csv
import hashlib
import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
FILE_NAME = "ktas_triage_shared.csv"
NUMERIC_COLUMNS = ("Age", "Sex", "Arrival mode", "Injury", "Mental", "Pain", "NRS_pain", "SBP", "DBP", "HR", "RR", "BT", "Saturation", "KTAS_RN", "KTAS_expert")


def data_file() -> Path:
    base = os.environ.get("OHIP_SHARED_DATA")
    directory = Path(base) if base else REPOSITORY.parent / "shared" / "data"
    path = directory / "triage" / FILE_NAME
    if not path.exists():
        raise SystemExit(f"KTAS file {path} is missing; set OHIP_SHARED_DATA to the folder that holds triage/")
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_number(raw: str):
    text = raw.strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="latin-1", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        rows = []
        for raw in reader:
            row = {column: parse_number(raw[column]) for column in NUMERIC_COLUMNS}
            row["Chief_complain"] = raw["Chief_complain"].strip()
            rows.append(row)
        return rows
