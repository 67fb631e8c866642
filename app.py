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
# Less empty space above the title and a smaller heading: the chart fits a laptop screen.
st.html(
    "<style>[data-testid='stMainBlockContainer']{padding-top:3.75rem}"
    "[data-testid='stSidebarUserContent']{padding-top:1rem}"
    "h1{font-size:2rem !important;padding-top:0 !important}</style>"
)
st.title("Conflict-event timeline")

main.quiet_export_failures()
state.init()
state.show_flash()
try:
    with st.sidebar:
        sources.sidebar()
except Exception as err:  # a bug in the sources panel must not take the timeline with it
    st.sidebar.error(md(state.internal_error("The sources panel", err)))
try:
    table = state.table()
    with st.sidebar:
        view = filters.sidebar(table)
    main.main(view)
except TimelineError as err:
    # Our errors are the user's to fix; the data already loaded stays as it was.
    st.error(md(err))
except Exception as err:  # a bug: one line here, the traceback in the server log
    st.error(md(state.internal_error("Drawing the page", err)))
# Only a run that got here has shown its messages to the user (see state.show_flash).
state.end_run()
