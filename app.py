"""Conflict-event timeline: load articles and datasets, filter, inspect, correct, export.

Run: ``streamlit run app.py``. The page reads top to bottom: sources, filters, output.
All logic lives in ``events/`` and ``loaders/``; ``ui/`` only draws widgets.
"""

from __future__ import annotations

import streamlit as st

from events.errors import TimelineError
from ui import filters, main, sources, state
from ui.text import md

# No page_icon: a Material icon is fetched from Google Fonts, off the machine.
st.set_page_config(page_title="Conflict timeline", layout="wide")
st.title("Conflict-event timeline")

state.init()
state.show_flash()
with st.sidebar:
    sources.sidebar()
try:
    table = state.table()
    with st.sidebar:
        view = filters.sidebar(table)
    main.main(view)
except TimelineError as err:
    # Our errors are the user's to fix; the data already loaded stays as it was.
    st.error(md(err))
