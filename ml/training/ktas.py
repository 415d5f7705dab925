"""Read the KTAS triage rows (Moon et al., PLOS ONE 2019) into clean Python values.

The file is semicolon separated, latin-1, with a decimal comma in one column, "#BOÞ!" and "??"
for unreadable values, and trailing spaces; every such value becomes None here.
"""

import csv
import hashlib
import json
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


RULES_LEVELS = REPOSITORY / "ml" / "training" / "data" / "ktas-rules-levels.json"


def read_rules_levels(data_path: Path, complaint_ids: list[str]) -> tuple[str, list[int]]:
    """Read the CTAS rules' level per row, as the TypeScript rules computed it, after checking it belongs to this data file.

    Returns the rule table version and one level per row.
    """
    regenerate = "run `npm run build && node dist/ml/triage/evaluation/write-rules-levels.js` to rewrite it"
    if not RULES_LEVELS.exists():
        raise SystemExit(f"{RULES_LEVELS} is missing; {regenerate}")
    recorded = json.loads(RULES_LEVELS.read_text(encoding="utf-8"))
    if recorded["dataSha256"] != sha256(data_path):
        raise SystemExit(f"{RULES_LEVELS} was written for another KTAS file (SHA-256 {recorded['dataSha256'][:16]}); {regenerate}")
    recorded_complaints = [row["complaintId"] for row in recorded["rows"]]
    if recorded_complaints != complaint_ids:
        raise SystemExit(f"{RULES_LEVELS} maps complaints differently from the Python classifier; {regenerate}")
    return recorded["ruleTableVersion"], [int(row["rulesLevel"]) for row in recorded["rows"]]
