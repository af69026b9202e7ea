"""The Streamlit-only glue: cached data access, shared sidebar widgets, the page header."""
