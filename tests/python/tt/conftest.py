"""Tenstorrent tests' session machinery lives in sdk_session.py (registered by tests/python/conftest.py): every
function compiled for a Tenstorrent device during the session is recorded, and all their kernels are built as the
SDK would at the end of the session."""
