"""Choose the urgency model's family, class weights and decision threshold by cross-validation.

Every function here uses the training rows only. The score that matters is the one of the engine the
product runs: the rules' level and the model's level combined by taking the more urgent of the two
(domain/triage combineLevels), so the threshold is chosen on that combination, not on the model alone.
"""

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from metrics import LEVELS, agreement, cumulative_threshold_levels

# Under-triage of the combined engine in cross-validation: the target on the held-out rows is half
# the nurses' rate there (4.4 %), so the threshold aims a little below it.
TARGET_UNDER_TRIAGE = 0.04
FOLDS = 5
REPEATS = 2
THRESHOLDS = tuple(round(value, 2) for value in np.arange(0.05, 0.56, 0.01))

CLASS_WEIGHTS = {
    "none": {level: 1.0 for level in LEVELS},
    "urgency": {1: 4.0, 2: 2.0, 3: 1.0, 4: 1.0, 5: 1.0},
    "balanced": None,
}

# Families that may serve (onnxruntime-node runs their skl2onnx export in well under a millisecond).
FAMILIES = {
    "gradient-boosting": {
        "description": "scikit-learn GradientBoostingClassifier (150 trees of depth 2, learning rate 0.05, subsample 0.8)",
        "new": lambda seed: GradientBoostingClassifier(n_estimators=150, learning_rate=0.05, max_depth=2, subsample=0.8, random_state=seed),
    },
    "random-forest": {
        "description": "scikit-learn RandomForestClassifier (300 trees, at least 3 rows a leaf)",
        "new": lambda seed: RandomForestClassifier(n_estimators=300, min_samples_leaf=3, random_state=seed),
    },
}
# Measured for the exact-agreement ceiling only.
CEILING_ONLY_FAMILIES = {
    "logistic-regression": {
        "description": "scikit-learn LogisticRegression on standardised features (C 0.5)",
        "new": lambda seed: make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=2000)),
    },
}


def sample_weights(labels, scheme):
    weights = CLASS_WEIGHTS[scheme]
    if weights is None:
        counts = {level: max(1, int(np.sum(labels == level))) for level in LEVELS}
        weights = {level: len(labels) / (len(LEVELS) * counts[level]) for level in LEVELS}
    return np.array([weights[int(level)] for level in labels])


def fit(family, scheme, matrix, labels, seed=0):
    model = {**FAMILIES, **CEILING_ONLY_FAMILIES}[family]["new"](seed)
    weights = sample_weights(labels, scheme)
    if hasattr(model, "steps"):
        model.fit(matrix, labels, **{f"{model.steps[-1][0]}__sample_weight": weights})
    else:
        model.fit(matrix, labels, sample_weight=weights)
    return model


def full_probabilities(model, matrix):
    """Probabilities for all five levels even when a fold lacks a level."""
    result = np.zeros((len(matrix), len(LEVELS)))
    probabilities = model.predict_proba(matrix)
    for column, level in enumerate(model.classes_):
        result[:, LEVELS.index(int(level))] = probabilities[:, column]
    return result


def out_of_fold(family, scheme, matrix, labels, seed):
    """Return one out-of-fold probability matrix per repeat of the stratified k-fold split."""
    repeats = []
    for repeat in range(REPEATS):
        probabilities = np.zeros((len(labels), len(LEVELS)))
        folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed + repeat)
        for train_index, test_index in folds.split(matrix, labels):
            model = fit(family, scheme, matrix[train_index], labels[train_index])
            probabilities[test_index] = full_probabilities(model, matrix[test_index])
        repeats.append(probabilities)
    return repeats


def mean_scores(level_sets, labels):
    scores = [agreement(list(levels), list(labels)) for levels in level_sets]
    return {key: round(float(np.mean([score[key] for score in scores])), 4) for key in ("exact", "underTriage", "overTriage")}


def combined(rules_levels, model_levels):
    return np.minimum(rules_levels, np.array(model_levels))


def select(matrix, labels, rules_levels, seed):
    """Return the chosen setting, every candidate's best point, the chosen setting's trade-off curve and the exact-agreement ceiling."""
    candidates, ceiling = [], []
    for family in {**FAMILIES, **CEILING_ONLY_FAMILIES}:
        for scheme in CLASS_WEIGHTS:
            repeats = out_of_fold(family, scheme, matrix, labels, seed)
            most_likely = [np.argmax(probabilities, axis=1) + 1 for probabilities in repeats]
            ceiling.append({"family": family, "classWeights": scheme, "modelMostLikelyLevel": mean_scores(most_likely, labels), "combinedWithRules": mean_scores([combined(rules_levels, levels) for levels in most_likely], labels)})
            if family not in FAMILIES:
                continue
            for threshold in THRESHOLDS:
                model_levels = [cumulative_threshold_levels(probabilities, threshold) for probabilities in repeats]
                candidates.append({
                    "family": family,
                    "classWeights": scheme,
                    "threshold": threshold,
                    "combined": mean_scores([combined(rules_levels, levels) for levels in model_levels], labels),
                    "model": mean_scores(model_levels, labels),
                })

    within_target = [candidate for candidate in candidates if candidate["combined"]["underTriage"] <= TARGET_UNDER_TRIAGE]
    if not within_target:
        raise SystemExit(f"no family and threshold tried reaches a cross-validated under-triage of at most {TARGET_UNDER_TRIAGE}; add lower values to THRESHOLDS")
    best = max(within_target, key=lambda candidate: (candidate["combined"]["exact"], -candidate["combined"]["underTriage"]))
    curve = [{"threshold": candidate["threshold"], "combined": candidate["combined"]} for candidate in candidates if (candidate["family"], candidate["classWeights"]) == (best["family"], best["classWeights"])]
    return best, best_per_setting(within_target), curve, ceiling


def best_per_setting(within_target):
    """Return each family and weighting at its best threshold within the target, for the model card."""
    best = {}
    for candidate in within_target:
        key = (candidate["family"], candidate["classWeights"])
        if key not in best or candidate["combined"]["exact"] > best[key]["combined"]["exact"]:
            best[key] = candidate
    return sorted(best.values(), key=lambda candidate: -candidate["combined"]["exact"])
