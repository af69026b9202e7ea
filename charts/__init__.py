"""Plotly figure builders shared by the pages and the exports. No Streamlit here."""
