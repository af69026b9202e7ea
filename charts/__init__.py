"""Figure builders (Plotly, pydeck) shared by the pages and the exports. No Streamlit here."""
