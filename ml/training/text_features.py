"""Tokenizer shared by the complaint classifier's trainer and its TypeScript runtime.

domain/triage/intake/tokenize.ts implements the same steps; a change here must be made there too,
and the TypeScript tests compare both on the held-out phrases recorded in the exported model.
"""

import re
import unicodedata

# Function words that carry no complaint, in English and French. Kept short on purpose: words such
# as "no", "not" or "pas" are kept because they change what a phrase says.
STOPWORDS = frozenset(
    """
    a an and the of to in on my i me is it at for with from am was be been have has had
    this that since very really so just up out when after
    le la les l un une des de du d et en au aux mon ma mes je j ai a est suis sur dans avec
    depuis tres ce cette ca qui que qu il elle se s
    """.split()
)

CHARACTER_NGRAM_SIZES = (3, 4)


def normalize(text: str) -> str:
    """Lowercase, fold accents and ligatures, and keep only ASCII letters and digits."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = without_marks.replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


def features(text: str) -> list[str]:
    """Return word features ("w:pain") and word-internal character n-grams ("c:<pa")."""
    words = [word for word in normalize(text).split(" ") if word and word not in STOPWORDS]
    result = []
    for word in words:
        result.append("w:" + word)
        padded = "<" + word + ">"
        for size in CHARACTER_NGRAM_SIZES:
            for start in range(0, len(padded) - size + 1):
                result.append("c:" + padded[start : start + size])
    return result
