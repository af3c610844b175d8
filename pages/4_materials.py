import streamlit as st

from ui import setup

setup("承诺书与材料清单")
st.title("承诺书与材料清单")
st.info("这一页正在建设中。")
