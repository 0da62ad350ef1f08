"""A test's own sentences as catalogue messages: `sentence("syy", "reason")` adds the
Finnish and English words to the loaded catalogues under an id of their own (the other
languages fall back to the English, as for any message) and returns the message."""

from __future__ import annotations

import hashlib

from reports.messages import MESSAGES
from scoring.text import Message, say


def sentence(fi: str, en: str) -> Message:
    key = "test_" + hashlib.sha256(f"{fi}\0{en}".encode()).hexdigest()[:16]
    for lang, words in MESSAGES.items():
        words[key] = fi if lang == "fi" else en
    return say(key)
