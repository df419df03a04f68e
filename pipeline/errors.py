"""Error codes and messages in one place.

Every per-document failure is recorded in ``documents.jsonl`` as
``"error": "<CODE>: <message>"`` so scripts can group failures by code.
"""
from __future__ import annotations

E_EMPTY = "E001"
E_BINARY = "E002"
E_TOO_LARGE = "E003"
E_UNREADABLE = "E004"
E_JSON = "E005"
E_FIELDS = "E006"
E_DUP_ID = "E007"
E_SUFFIX = "E008"
E_LOOP = "E009"
E_NO_TEXT = "E010"
E_LANGUAGE = "E011"
E_TIMEOUT = "E012"
E_INTERNAL = "E013"
E_NOT_FILE = "E014"
E_TRUNCATED = "W001"

MESSAGES = {
    E_EMPTY: "{path}: the document is empty",
    E_BINARY: "{path}: binary content ({kind}), not a text or HTML page",
    E_TOO_LARGE: "{path}: {size} bytes is over the limit of {limit} bytes (max_bytes)",
    E_UNREADABLE: "{path}: cannot be read ({detail})",
    E_JSON: "{path}: malformed JSON line ({detail})",
    E_FIELDS: "{path}: invalid document fields ({detail})",
    E_DUP_ID: "{path}: duplicate id, first seen at {first}",
    E_SUFFIX: "{path}: unsupported file type {suffix} (expected .txt, .html, .htm or .jsonl)",
    E_LOOP: "{path}: symbolic link loop, directory already visited",
    E_NO_TEXT: "{path}: no article text left after removing boilerplate",
    E_LANGUAGE: "{path}: the article does not read as English ({share:.0%} English function words); evex extracts from English text only",
    E_TIMEOUT: "{path}: processing took longer than the limit of {limit} s (doc_timeout)",
    E_INTERNAL: "{path}: internal error while processing ({detail})",
    E_NOT_FILE: "{path}: not a regular file (FIFO, socket or device)",
    E_TRUNCATED: "{path}: cleaned text cut to {limit} characters (max_chars)",
}


def message(code: str, **kw: object) -> str:
    kw.setdefault("path", "input")
    return f"{code}: " + MESSAGES[code].format(**kw)


class InputError(Exception):
    """A document that cannot be processed; carries a coded message."""

    def __init__(self, code: str, path: object = "input", **kw: object) -> None:
        self.code = code
        super().__init__(message(code, path=path, **kw))
