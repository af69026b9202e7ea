"""The smallest Streamlit page with one Plotly chart: the floor of any page's cold start on
this machine (benchmarks/run_all.py's browser section starts it as it starts the app)."""

import plotly.graph_objects as go
import streamlit as st

st.title("Trang mẫu")
st.plotly_chart(go.Figure(go.Bar(x=["Sở", "Xã"], y=[3, 4])))
