"""Agreement of triage levels with the expert panel's KTAS level (1 most urgent .. 5 least)."""

LEVELS = (1, 2, 3, 4, 5)


def agreement(predicted, expert) -> dict:
    """Exact agreement, under-triage (less urgent than expert) and over-triage rates, and the confusion matrix."""
    total = len(expert)
    exact = sum(p == e for p, e in zip(predicted, expert))
    under = sum(p > e for p, e in zip(predicted, expert))
    over = sum(p < e for p, e in zip(predicted, expert))
    confusion = [[sum(1 for p, e in zip(predicted, expert) if e == row and p == column) for column in LEVELS] for row in LEVELS]
    return {
        "rows": total,
        "exact": round(exact / total, 4),
        "underTriage": round(under / total, 4),
        "overTriage": round(over / total, 4),
        "confusion": {"rowsAreExpertLevels": list(LEVELS), "columnsArePredictedLevels": list(LEVELS), "counts": confusion},
    }


def cumulative_threshold_levels(probabilities, threshold: float) -> list[int]:
    """The most urgent level whose cumulative probability (levels 1..k) reaches the threshold.

    A threshold of 0.5 picks the median level; a lower one leans toward urgency, trading
    over-triage for less under-triage. ml/triage/urgency-model.ts applies the same rule.
    """
    levels = []
    for row in probabilities:
        cumulative = 0.0
        chosen = LEVELS[-1]
        for level, probability in zip(LEVELS, row):
            cumulative += float(probability)
            if cumulative >= threshold:
                chosen = level
                break
        levels.append(chosen)
    return levels
