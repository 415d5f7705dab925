"""Train the bilingual complaint classifier (multinomial naive Bayes) and export it as JSON.

Reads the example phrases in data/complaint-phrases.json, picks the smoothing constant by
leave-one-out accuracy on the training phrases only, measures accuracy once on the held-out
phrases, and writes domain/triage/intake/complaint-classifier.json for the TypeScript runtime.

Run: python3 ml/training/complaint_classifier.py
"""

import json
import math
from collections import Counter, defaultdict
from pathlib import Path

import exported_classifier
from text_features import CHARACTER_NGRAM_SIZES, STOPWORDS, features

REPOSITORY = Path(__file__).resolve().parents[2]
PHRASES = REPOSITORY / "ml" / "training" / "data" / "complaint-phrases.json"
CATALOGUE = REPOSITORY / "domain" / "triage" / "intake" / "complaints.json"
OUTPUT = REPOSITORY / "domain" / "triage" / "intake" / "complaint-classifier.json"

SMOOTHING_CANDIDATES = (0.05, 0.1, 0.2, 0.5, 1.0)
DECIMALS = 4


def load_phrases():
    return json.loads(PHRASES.read_text(encoding="utf-8"))["complaints"]


def training_examples() -> list[tuple[str, str]]:
    return [(text, complaint) for complaint, sets in load_phrases().items() for text in sets["train"]]


def heldout_examples(language: str) -> list[tuple[str, str]]:
    return [(text, complaint) for complaint, sets in load_phrases().items() for text in sets["heldout"][language]]


def fit(examples, classes, smoothing):
    counts = {label: Counter() for label in classes}
    documents = Counter()
    for text, label in examples:
        counts[label].update(features(text))
        documents[label] += 1
    vocabulary = sorted({feature for counter in counts.values() for feature in counter})
    totals = {label: sum(counts[label].values()) for label in classes}
    denominator = {label: totals[label] + smoothing * len(vocabulary) for label in classes}

    prior = {label: math.log(documents[label] / len(examples)) for label in classes}
    unseen = {label: math.log(smoothing / denominator[label]) for label in classes}
    seen = defaultdict(dict)
    for label in classes:
        for feature, count in counts[label].items():
            seen[feature][label] = math.log((count + smoothing) / denominator[label])
    return {"prior": prior, "unseen": unseen, "seen": seen}


def scores(model, text, classes):
    known = [feature for feature in features(text) if feature in model["seen"]]
    if not known:
        return None
    totals = {}
    for label in classes:
        total = model["prior"][label]
        for feature in known:
            total += model["seen"][feature].get(label, model["unseen"][label])
        totals[label] = total
    return totals


def predict(model, text, classes):
    totals = scores(model, text, classes)
    if totals is None:
        return None
    return max(classes, key=lambda label: (totals[label], -classes.index(label)))


def leave_one_out_accuracy(examples, classes, smoothing):
    correct = 0
    for index, (text, label) in enumerate(examples):
        rest = examples[:index] + examples[index + 1 :]
        model = fit(rest, classes, smoothing)
        correct += predict(model, text, classes) == label
    return correct / len(examples)


def main():
    classes = [complaint["id"] for complaint in json.loads(CATALOGUE.read_text(encoding="utf-8"))["complaints"]]
    train = training_examples()
    heldout_by_language = {language: heldout_examples(language) for language in ("en", "fr")}
    heldout = heldout_by_language["en"] + heldout_by_language["fr"]

    selection = {alpha: leave_one_out_accuracy(train, classes, alpha) for alpha in SMOOTHING_CANDIDATES}
    smoothing = max(SMOOTHING_CANDIDATES, key=lambda alpha: (selection[alpha], -alpha))
    model = fit(train, classes, smoothing)

    exported = {
        "version": f"complaint-nb-{len(train)}-{smoothing}",
        "algorithm": "multinomial naive Bayes over word features and character 3- and 4-grams inside words",
        "classes": classes,
        "tokenizer": {"stopwords": sorted(STOPWORDS), "characterNgramSizes": list(CHARACTER_NGRAM_SIZES)},
        "smoothing": smoothing,
        "logPrior": [round(model["prior"][label], DECIMALS) for label in classes],
        "logUnseen": [round(model["unseen"][label], DECIMALS) for label in classes],
        "logLikelihood": {
            feature: {str(classes.index(label)): round(value, DECIMALS) for label, value in by_label.items()}
            for feature, by_label in sorted(model["seen"].items())
        },
    }

    # Metrics come from the rounded, exported weights: the numbers the product actually runs.
    def exported_accuracy(examples, top):
        return sum(label in exported_classifier.ranked(exported, text)[:top] for text, label in examples) / len(examples)

    heldout_accuracy = exported_accuracy(heldout, 1)
    exported["metrics"] = {
        "trainingPhrases": len(train),
        "heldoutPhrases": len(heldout),
        "leaveOneOutAccuracyBySmoothing": {str(alpha): round(value, 4) for alpha, value in selection.items()},
        "heldoutAccuracy": round(heldout_accuracy, 4),
        "heldoutAccuracyEnglish": round(exported_accuracy(heldout_by_language["en"], 1), 4),
        "heldoutAccuracyFrench": round(exported_accuracy(heldout_by_language["fr"], 1), 4),
        "heldoutTop3Accuracy": round(exported_accuracy(heldout, 3), 4),
    }
    heldout_predictions = [
        {"text": text, "expected": label, "predicted": exported_classifier.classify(exported, text)} for text, label in heldout
    ]
    exported["heldoutPredictions"] = heldout_predictions
    OUTPUT.write_text(json.dumps(exported, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"smoothing {smoothing}; leave-one-out {selection}; held-out accuracy {heldout_accuracy:.3f} on {len(heldout)} phrases")
    print("metrics", exported["metrics"])
    for row in heldout_predictions:
        if row["predicted"] != row["expected"]:
            print("  missed:", row)


if __name__ == "__main__":
    main()
