"""Train the triage urgency model on the KTAS rows and export it to ONNX.

Steps: read and clean the rows; hold out a fixed, seeded, stratified 25 % that training never
uses; choose the model family, class weights and decision threshold by repeated 5-fold
cross-validation on the training rows only (selection.py), scoring the rules and the model
combined as the product runs them; fit on all training rows; export ml/models/triage-urgency.onnx
and the sidecar ml/models/triage-urgency.json with the data hash, split, features, imputation,
cross-validated figures and metrics on the held-out rows.

Run, from the repository root, after complaint_classifier.py (whose export it reads):
    npm run build && node dist/ml/triage/evaluation/write-rules-levels.js
    python3 ml/training/train.py
"""

import json
from datetime import date
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import sklearn
import skl2onnx
from skl2onnx import to_onnx
from sklearn.model_selection import train_test_split

import exported_classifier
import features as feature_code
import ktas
import selection
from metrics import LEVELS, agreement, cumulative_threshold_levels

REPOSITORY = Path(__file__).resolve().parents[2]
MODEL_DIRECTORY = REPOSITORY / "ml" / "models"
MODEL_NAME = "triage-urgency"

SPLIT_SEED = 20261204
HELDOUT_FRACTION = 0.25
SOURCE = "Moon SH et al. Triage accuracy and causes of mistriage using the Korean Triage and Acuity Scale. PLOS ONE 2019;14(9):e0216972"


def export_onnx(model, feature_count):
    onnx_model = to_onnx(model, np.zeros((1, feature_count), dtype=np.float32), options={id(model): {"zipmap": False}}, target_opset={"": 17, "ai.onnx.ml": 3})
    onnx_model.graph.input[0].name = "features"
    for node in onnx_model.graph.node:
        node.input[:] = ["features" if name == "X" else name for name in node.input]
    return onnx_model


def main():
    path = ktas.data_file()
    rows = ktas.read_rows(path)
    classifier = exported_classifier.load()
    experts = np.array([int(row["KTAS_expert"]) for row in rows])
    nurses = np.array([int(row["KTAS_RN"]) for row in rows])

    indices = np.arange(len(rows))
    train_index, heldout_index = train_test_split(indices, test_size=HELDOUT_FRACTION, random_state=SPLIT_SEED, stratify=experts)
    train_index, heldout_index = np.sort(train_index), np.sort(heldout_index)

    findings = [feature_code.row_findings(row, classifier) for row in rows]
    rule_table_version, rules_levels = ktas.read_rules_levels(path, [item["complaintId"] for item in findings])
    for item, level in zip(findings, rules_levels):
        item["rulesLevel"] = level
    rules_levels = np.array(rules_levels)
    imputation = feature_code.learn_imputation([findings[index] for index in train_index])
    categories = feature_code.complaint_categories()
    complaints = feature_code.complaint_ids()
    matrix = np.array([feature_code.vector(item, imputation, categories, complaints) for item in findings], dtype=np.float32)

    best, per_setting, curve, ceiling = selection.select(matrix[train_index], experts[train_index], rules_levels[train_index], SPLIT_SEED)
    print("selected", best)
    model = selection.fit(best["family"], best["classWeights"], matrix[train_index], experts[train_index])

    onnx_model = export_onnx(model, matrix.shape[1])
    MODEL_DIRECTORY.mkdir(parents=True, exist_ok=True)
    onnx_path = MODEL_DIRECTORY / f"{MODEL_NAME}.onnx"
    onnx_path.write_bytes(onnx_model.SerializeToString())

    session = onnxruntime.InferenceSession(str(onnx_path))
    onnx_probabilities = session.run(["probabilities"], {"features": matrix[heldout_index]})[0]
    sklearn_probabilities = selection.full_probabilities(model, matrix[heldout_index])
    largest_difference = float(np.max(np.abs(onnx_probabilities - sklearn_probabilities)))

    threshold = best["threshold"]
    model_levels = cumulative_threshold_levels(onnx_probabilities, threshold)
    heldout_experts = list(experts[heldout_index])
    sidecar = {
        "modelVersion": f"{MODEL_NAME}-{date.today().isoformat()}",
        "onnxFile": onnx_path.name,
        "onnxSha256": ktas.sha256(onnx_path),
        "algorithm": selection.FAMILIES[best["family"]]["description"],
        "tooling": {"scikit-learn": sklearn.__version__, "skl2onnx": skl2onnx.__version__, "onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__, "numpy": np.__version__},
        "trainingData": {"file": f"triage/{ktas.FILE_NAME}", "sha256": ktas.sha256(path), "rows": len(rows), "source": SOURCE, "label": "KTAS_expert"},
        "split": {
            "method": "sklearn.model_selection.train_test_split, stratified by KTAS_expert",
            "seed": SPLIT_SEED,
            "heldoutFraction": HELDOUT_FRACTION,
            "trainingRows": len(train_index),
            "heldoutRowIndices": [int(index) for index in heldout_index],
        },
        "complaintClassifierVersion": classifier["version"],
        "ruleTableVersion": rule_table_version,
        "unclassifiedComplaint": feature_code.UNCLASSIFIED_COMPLAINT,
        "features": feature_code.feature_names(),
        "imputation": imputation,
        "input": {"name": "features", "type": "float32", "shape": [None, matrix.shape[1]]},
        "outputs": {"label": "label", "probabilities": "probabilities", "probabilityColumns": list(LEVELS)},
        "decision": {
            "rule": "cumulative-threshold",
            "threshold": threshold,
            "meaning": "the most urgent level whose cumulative probability reaches the threshold",
            # Choosing the t-quantile of the level distribution minimises the expected cost when each
            # level of under-triage costs (1 - t) / t times a level of over-triage.
            "underTriageCostPerOverTriageCost": round((1 - threshold) / threshold, 2),
        },
        "selection": {
            "method": f"{selection.REPEATS} repeats of {selection.FOLDS}-fold stratified cross-validation on the training rows only (seeds {SPLIT_SEED} and up)",
            "objective": f"highest exact agreement of the rules and model combined, with their cross-validated under-triage at most {selection.TARGET_UNDER_TRIAGE}",
            "chosen": best,
            "bestPerFamilyAndWeights": per_setting,
            "chosenSettingAtEachThreshold": curve,
            "classWeightSchemes": {name: weights for name, weights in selection.CLASS_WEIGHTS.items()},
            "thresholdsTried": [selection.THRESHOLDS[0], selection.THRESHOLDS[-1], 0.01],
            "rulesAloneOnTrainingRows": mean_rules(rules_levels[train_index], experts[train_index]),
            "exactAgreementCeiling": sorted(ceiling, key=lambda entry: -entry["modelMostLikelyLevel"]["exact"]),
        },
        "onnxMaxProbabilityDifferenceFromScikitLearn": largest_difference,
        "metrics": {
            "heldout": {
                "model": agreement(model_levels, heldout_experts),
                "combined": agreement(list(np.minimum(rules_levels[heldout_index], model_levels)), heldout_experts),
                "nurses": agreement(list(nurses[heldout_index]), heldout_experts),
            },
            "allSharedRows": {"nurses": agreement(list(nurses), list(experts))},
        },
    }
    (MODEL_DIRECTORY / f"{MODEL_NAME}.json").write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
    for method in ("model", "combined", "nurses"):
        print(f"held-out {method}", {key: value for key, value in sidecar["metrics"]["heldout"][method].items() if key != "confusion"})
    print("onnx vs sklearn max difference", largest_difference)


def mean_rules(rules_levels, labels):
    scores = agreement(list(rules_levels), list(labels))
    return {key: scores[key] for key in ("exact", "underTriage", "overTriage")}


if __name__ == "__main__":
    main()
