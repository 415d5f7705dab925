"""Train the triage urgency model (gradient boosting) on the KTAS rows and export it to ONNX.

Steps: read and clean the rows; hold out a fixed, seeded, stratified 25 % that training never
sees; choose class weights, tree depth and the urgency threshold by 5-fold cross-validation on
the training rows only; fit on all training rows; export ml/models/triage-urgency.onnx and the
sidecar ml/models/triage-urgency.json with the data hash, split, features, imputation and
metrics on the held-out rows.

Run: python3 ml/training/train.py   (after complaint_classifier.py, whose export it reads)
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
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, train_test_split

import exported_classifier
import features as feature_code
import ktas
from metrics import LEVELS, agreement, cumulative_threshold_levels

REPOSITORY = Path(__file__).resolve().parents[2]
MODEL_DIRECTORY = REPOSITORY / "ml" / "models"
MODEL_NAME = "triage-urgency"

SPLIT_SEED = 20261204
HELDOUT_FRACTION = 0.25
# The model alone may under-triage no more than the nurses do on these rows (10.4 %). Combining it
# with the rules in ml/triage lowers under-triage further, at the cost of over-triage.
TARGET_UNDER_TRIAGE = 0.104

CLASS_WEIGHTS = {
    "none": {level: 1.0 for level in LEVELS},
    "urgency": {1: 4.0, 2: 2.0, 3: 1.0, 4: 1.0, 5: 1.0},
    "balanced": None,
}
DEPTHS = (2, 3)
THRESHOLDS = tuple(round(value, 2) for value in np.arange(0.20, 0.56, 0.05))
N_ESTIMATORS = 150
LEARNING_RATE = 0.05


def sample_weights(labels, scheme):
    weights = CLASS_WEIGHTS[scheme]
    if weights is None:
        counts = {level: max(1, int(np.sum(labels == level))) for level in LEVELS}
        weights = {level: len(labels) / (len(LEVELS) * counts[level]) for level in LEVELS}
    return np.array([weights[int(level)] for level in labels])


def new_model(depth, seed=0):
    return GradientBoostingClassifier(n_estimators=N_ESTIMATORS, learning_rate=LEARNING_RATE, max_depth=depth, subsample=0.8, random_state=seed)


def full_probabilities(model, matrix):
    """Probabilities for all five levels even when a fold lacks a level."""
    result = np.zeros((len(matrix), len(LEVELS)))
    for column, level in enumerate(model.classes_):
        result[:, LEVELS.index(int(level))] = model.predict_proba(matrix)[:, column]
    return result


def select(matrix, labels):
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SPLIT_SEED)
    results = []
    for scheme in CLASS_WEIGHTS:
        for depth in DEPTHS:
            out_of_fold = np.zeros((len(labels), len(LEVELS)))
            for train_index, test_index in folds.split(matrix, labels):
                model = new_model(depth)
                model.fit(matrix[train_index], labels[train_index], sample_weight=sample_weights(labels[train_index], scheme))
                out_of_fold[test_index] = full_probabilities(model, matrix[test_index])
            for threshold in THRESHOLDS:
                scores = agreement(cumulative_threshold_levels(out_of_fold, threshold), list(labels))
                results.append({"classWeights": scheme, "maxDepth": depth, "threshold": threshold, "exact": scores["exact"], "underTriage": scores["underTriage"], "overTriage": scores["overTriage"]})
    within_target = [result for result in results if result["underTriage"] <= TARGET_UNDER_TRIAGE]
    if within_target:
        best = max(within_target, key=lambda result: (result["exact"], -result["underTriage"]))
    else:
        best = min(results, key=lambda result: (result["underTriage"], -result["exact"]))
    return best, results


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
    imputation = feature_code.learn_imputation([findings[index] for index in train_index])
    categories = feature_code.complaint_categories()
    matrix = np.array([feature_code.vector(item, imputation, categories) for item in findings], dtype=np.float32)

    best, grid = select(matrix[train_index], experts[train_index])
    print("selected", best)
    model = new_model(best["maxDepth"])
    model.fit(matrix[train_index], experts[train_index], sample_weight=sample_weights(experts[train_index], best["classWeights"]))

    onnx_model = export_onnx(model, matrix.shape[1])
    MODEL_DIRECTORY.mkdir(parents=True, exist_ok=True)
    onnx_path = MODEL_DIRECTORY / f"{MODEL_NAME}.onnx"
    onnx_path.write_bytes(onnx_model.SerializeToString())

    session = onnxruntime.InferenceSession(str(onnx_path))
    onnx_probabilities = session.run(["probabilities"], {"features": matrix[heldout_index]})[0]
    sklearn_probabilities = full_probabilities(model, matrix[heldout_index])
    largest_difference = float(np.max(np.abs(onnx_probabilities - sklearn_probabilities)))

    model_levels = cumulative_threshold_levels(onnx_probabilities, best["threshold"])
    heldout_experts = list(experts[heldout_index])
    sidecar = {
        "modelVersion": f"{MODEL_NAME}-{date.today().isoformat()}",
        "onnxFile": onnx_path.name,
        "onnxSha256": ktas.sha256(onnx_path),
        "algorithm": f"scikit-learn GradientBoostingClassifier ({N_ESTIMATORS} trees, learning rate {LEARNING_RATE}, subsample 0.8)",
        "tooling": {"scikit-learn": sklearn.__version__, "skl2onnx": skl2onnx.__version__, "onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__, "numpy": np.__version__},
        "trainingData": {
            "file": f"triage/{ktas.FILE_NAME}",
            "sha256": ktas.sha256(path),
            "rows": len(rows),
            "source": "Moon SH et al. Triage accuracy and causes of mistriage using the Korean Triage and Acuity Scale. PLOS ONE 2019;14(9):e0216972",
            "label": "KTAS_expert",
        },
        "split": {
            "method": "sklearn.model_selection.train_test_split, stratified by KTAS_expert",
            "seed": SPLIT_SEED,
            "heldoutFraction": HELDOUT_FRACTION,
            "trainingRows": len(train_index),
            "heldoutRowIndices": [int(index) for index in heldout_index],
        },
        "complaintClassifierVersion": classifier["version"],
        "unclassifiedComplaint": feature_code.UNCLASSIFIED_COMPLAINT,
        "features": feature_code.feature_names(),
        "imputation": imputation,
        "input": {"name": "features", "type": "float32", "shape": [None, matrix.shape[1]]},
        "outputs": {"label": "label", "probabilities": "probabilities", "probabilityColumns": list(LEVELS)},
        "decision": {"rule": "cumulative-threshold", "threshold": best["threshold"], "meaning": "the most urgent level whose cumulative probability reaches the threshold"},
        "selection": {
            "method": "5-fold stratified cross-validation on the training rows only",
            "objective": f"highest exact agreement with cross-validated under-triage at most {TARGET_UNDER_TRIAGE}; otherwise lowest under-triage",
            "chosen": best,
            "classWeightSchemes": {name: weights for name, weights in CLASS_WEIGHTS.items()},
        },
        "onnxMaxProbabilityDifferenceFromScikitLearn": largest_difference,
        "metrics": {
            "heldout": {"model": agreement(model_levels, heldout_experts), "nurses": agreement(list(nurses[heldout_index]), heldout_experts)},
            "allSharedRows": {"nurses": agreement(list(nurses), list(experts))},
        },
    }
    (MODEL_DIRECTORY / f"{MODEL_NAME}.json").write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
    print("held-out model", {key: value for key, value in sidecar["metrics"]["heldout"]["model"].items() if key != "confusion"})
    print("held-out nurses", {key: value for key, value in sidecar["metrics"]["heldout"]["nurses"].items() if key != "confusion"})
    print("onnx vs sklearn max difference", largest_difference)


if __name__ == "__main__":
    main()
