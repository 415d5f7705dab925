"""Build the urgency model's feature vector from a KTAS row.

ml/triage/features.ts builds the same vector from a triage session's findings; the TypeScript
test recomputes the held-out metrics through it, so the two must stay in step. Imputation values
are learned on the training rows only and stored in the model's JSON sidecar.

The last feature is the level the CTAS rules give the same findings. The rules live in TypeScript
(domain/triage/rules), so the trainer reads their level per KTAS row from
ml/training/data/ktas-rules-levels.json, written by ml/triage/evaluation/write-rules-levels.ts;
at run time ml/triage/features.ts evaluates the rules itself.
"""

import json
from pathlib import Path

import exported_classifier

REPOSITORY = Path(__file__).resolve().parents[2]
CATALOGUE = REPOSITORY / "domain" / "triage" / "intake" / "complaints.json"

# KTAS rows whose complaint text was lost ("??") are mapped to this complaint, both here and in
# the TypeScript evaluation, so the rules and the model see the same input.
UNCLASSIFIED_COMPLAINT = "general-weakness"
VITALS = ("systolicPressure", "diastolicPressure", "heartRate", "respiratoryRate", "temperature", "oxygenSaturation")
KTAS_VITAL_COLUMNS = {"systolicPressure": "SBP", "diastolicPressure": "DBP", "heartRate": "HR", "respiratoryRate": "RR", "temperature": "BT", "oxygenSaturation": "Saturation"}
INJURY_COMPLAINTS = ("laceration", "burn", "bite-sting", "upper-limb-injury", "lower-limb-injury", "head-injury", "neck-injury", "major-trauma")


def catalogue():
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


def category_ids() -> list[str]:
    return [category["id"] for category in catalogue()["categories"]]


def complaint_ids() -> list[str]:
    return [complaint["id"] for complaint in catalogue()["complaints"]]


def complaint_categories() -> dict[str, str]:
    return {complaint["id"]: complaint["category"] for complaint in catalogue()["complaints"]}


def feature_names() -> list[str]:
    return (
        ["age", "sexMale", "arrivedByAmbulance", "injury", "consciousness", "painScore"]
        + list(VITALS)
        + [f"{vital}Missing" for vital in VITALS]
        + ["shockIndex"]
        + [f"category:{category}" for category in category_ids()]
        + [f"complaint:{complaint}" for complaint in complaint_ids()]
        + ["rulesLevel"]
    )


def row_findings(row: dict, classifier: dict) -> dict:
    """Map a KTAS row onto the product's findings: the same mapping as ml/triage/ktas.ts.

    The caller adds "rulesLevel", the CTAS rules' level for these findings (see ktas.read_rules_levels).
    """
    complaint = exported_classifier.classify(classifier, row["Chief_complain"]) or UNCLASSIFIED_COMPLAINT
    pain_score = row["NRS_pain"] if row["Pain"] == 1 and row["NRS_pain"] is not None else 0
    return {
        "complaintId": complaint,
        "age": row["Age"],
        "male": row["Sex"] == 2,
        # KTAS arrival modes: 1 walking, 2 public ambulance, 3 private vehicle, 4 private ambulance, 5-7 other.
        "ambulance": row["Arrival mode"] in (2, 4),
        "injury": row["Injury"] == 2 or complaint in INJURY_COMPLAINTS,
        # KTAS mental state is AVPU: 1 alert, 2 responds to voice, 3 to pain, 4 unresponsive.
        "consciousness": (row["Mental"] or 1) - 1,
        "painScore": pain_score,
        "vitals": {vital: row[column] for vital, column in KTAS_VITAL_COLUMNS.items()},
    }


def learn_imputation(findings: list[dict]) -> dict[str, float]:
    """Median of each vital sign over the rows where it is present (training rows only)."""
    imputation = {}
    for vital in VITALS:
        values = sorted(item["vitals"][vital] for item in findings if item["vitals"][vital] is not None)
        middle = len(values) // 2
        imputation[vital] = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    return imputation


def vector(item: dict, imputation: dict[str, float], categories: dict[str, str], complaints: list[str]) -> list[float]:
    vitals = {vital: item["vitals"][vital] if item["vitals"][vital] is not None else imputation[vital] for vital in VITALS}
    missing = [1.0 if item["vitals"][vital] is None else 0.0 for vital in VITALS]
    category = categories[item["complaintId"]]
    return (
        [float(item["age"]), float(item["male"]), float(item["ambulance"]), float(item["injury"]), float(item["consciousness"]), float(item["painScore"])]
        + [float(vitals[vital]) for vital in VITALS]
        + missing
        + [vitals["heartRate"] / vitals["systolicPressure"]]
        + [1.0 if category == candidate else 0.0 for candidate in category_ids()]
        + [1.0 if item["complaintId"] == candidate else 0.0 for candidate in complaints]
        + [float(item["rulesLevel"])]
    )
