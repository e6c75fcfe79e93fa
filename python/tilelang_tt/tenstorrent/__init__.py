"""Tenstorrent target: TT-Metalium code generation, the emulator it runs on, and TT annotations."""
from .backend import DEVICES, DeviceError, TenstorrentBackend, factory
from .annotations import annotate_tt_layout, annotate_tt_schedule, apply_tt_defaults, attrs
from . import emulator

__all__ = ["DEVICES", "DeviceError", "TenstorrentBackend", "annotate_tt_layout", "annotate_tt_schedule",
           "apply_tt_defaults", "attrs", "emulator", "factory"]
