"""Showing untrusted text: bidirectional controls made visible instead of obeyed."""

from __future__ import annotations

import html
import re

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what follows them:
# in a cell or a title they can make "exe.pdf" read as "fdp.exe". Shown, they are marked;
# the data itself (exports, the store) keeps them as loaded.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def mark_bidi(text: str) -> str:
    """``text`` with every bidi control replaced by a visible mark such as ``[U+202E]``."""
    if not BIDI_CONTROLS.search(text):
        return text
    return BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def esc_html(text: object) -> str:
    """``text`` for HTML: escaped (quotes too) and bidi controls marked."""
    return html.escape(mark_bidi(str(text)))
