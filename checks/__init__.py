"""Domain core of the graduation-application pre-check. Plain Python: nothing here imports Streamlit."""
