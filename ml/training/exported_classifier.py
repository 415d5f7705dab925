"""Apply the exported complaint classifier JSON exactly as domain/triage/intake/complaint-classifier.ts does.

Used for the classifier's held-out metrics and to map KTAS chief complaints onto complaint ids,
so that Python and TypeScript see the same rounded weights and sum them in the same order.
"""

import json
from pathlib import Path

from text_features import features

REPOSITORY = Path(__file__).resolve().parents[2]
CLASSIFIER = REPOSITORY / "domain" / "triage" / "intake" / "complaint-classifier.json"


def load(path: Path = CLASSIFIER) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def ranked(exported: dict, text: str) -> list[str]:
    """Return complaint ids best first, or an empty list when no feature of the text is known."""
    likelihood = exported["logLikelihood"]
    known = [feature for feature in features(text) if feature in likelihood]
    if not known:
        return []
    scores = []
    for index in range(len(exported["classes"])):
        key = str(index)
        total = exported["logPrior"][index]
        for feature in known:
            total += likelihood[feature].get(key, exported["logUnseen"][index])
        scores.append(total)
    order = sorted(range(len(scores)), key=lambda index: (-scores[index], index))
    return [exported["classes"][index] for index in order]


def classify(exported: dict, text: str):
    order = ranked(exported, text)
    return order[0] if order else None
