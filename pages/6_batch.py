import streamlit as st

from ui import setup

setup("培训机构：整班检查")
st.title("培训机构：整班检查")
st.info("这一页正在建设中。")
