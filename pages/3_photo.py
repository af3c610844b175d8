import streamlit as st

from ui import setup

setup("照片检查")
st.title("照片检查")
st.info("这一页正在建设中。")
