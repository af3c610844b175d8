"""Streamlit glue shared by app.py and pages/: page setup, navigation, session state, rendering.

Everything here is per-session: answers and photos live in st.session_state only (never on disk, never cached).
"""
from ui.layout import setup  # noqa: F401
