"""Being built in this session (replaced by its page)."""

import streamlit as st

st.title("…")
