"""我的申请: the home page. (Summary of readiness and next steps is built on it.)"""
import streamlit as st

from ui import setup
from ui.layout import nav_link

setup("我的申请")
st.title("云南自考毕业申请自查")
nav_link("pages/1_eligibility.py", label="开始资格自查")
