"""Making data safe to show in Streamlit's Markdown (labels, captions, messages)."""

from __future__ import annotations

import re

from events.textsafe import mark_bidi

# Every character Markdown (CommonMark + GitHub extensions + Streamlit's :colour[] and
# :material/ directives, $ maths) could give meaning to. A file name or a cell value like
# "![x](https://host/p.png)" would otherwise load an image from off the machine.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def md(text: object) -> str:
    """``text`` with Markdown special characters backslash-escaped, newlines kept as spaces."""
    return _SPECIAL.sub(r"\\\1", mark_bidi(str(text))).replace("\r", " ").replace("\n", " ")
