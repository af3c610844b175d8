"""Uploads stay off disk, and one session cannot hoard uploads (issue 22: uploads over 1 MB were spooled to
temporary files; a client skipping the browser's delete step kept 12 × 25 MB)."""
from __future__ import annotations

import asyncio
import concurrent.futures

from starlette.formparsers import MultiPartParser
from starlette.requests import Request
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec
from streamlit.testing.v1 import AppTest

from ui import uploads

MB = 1024 * 1024


def parse_upload(size: int):
    """A photo upload as Streamlit's upload endpoint parses it (Starlette's request.form())."""
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\n"
            "Content-Type: image/jpeg\r\n\r\n").encode() + b"\xff" * size + f"\r\n--{boundary}--\r\n".encode()
    chunks = [body[i:i + 65536] for i in range(0, len(body), 65536)]

    async def receive():
        return {"type": "http.request", "body": chunks.pop(0), "more_body": bool(chunks)} if chunks else \
            {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "PUT", "headers": [(b"content-type", f"multipart/form-data; boundary={boundary}".encode())]}

    async def parse():
        form = await Request(scope, receive).form()
        upload = form["file"]
        return upload.file._rolled, len(await upload.read())

    # A thread of its own: an earlier test in the same process may have left an event loop running here.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, parse()).result()


def test_the_app_keeps_a_large_upload_in_memory():
    AppTest.from_file("../app.py", default_timeout=60).run()  # any page's setup configures the parser
    rolled, size = parse_upload(25 * MB)  # a big phone photo, under the photo page's 30 MB
    assert size == 25 * MB
    assert not rolled, "the upload was written to a temporary file"
    assert MultiPartParser.spool_max_size >= uploads.spool_limit()


def test_one_session_holds_at_most_the_cap_of_uploads():
    mgr = MemoryUploadedFileManager("/_stcore/upload_file")
    uploads.cap(mgr)
    for i in range(12):  # a client that never sends the browser's delete requests
        mgr.add_file("hoarder", UploadedFileRec(file_id=f"f{i}", name="p.jpg", type="image/jpeg", data=bytes(25 * MB)))
    mgr.add_file("honest", UploadedFileRec(file_id="g", name="p.jpg", type="image/jpeg", data=bytes(3 * MB)))
    held = {s: sum(len(f.data) for f in files.values()) for s, files in mgr.file_storage.items()}
    assert held["hoarder"] <= uploads.SESSION_UPLOAD_CAP
    assert "f11" in mgr.file_storage["hoarder"], "the newest upload must stay (it is the one being used)"
    assert held["honest"] == 3 * MB
    assert mgr._total_bytes == sum(held.values())  # Streamlit's own accounting stays right
