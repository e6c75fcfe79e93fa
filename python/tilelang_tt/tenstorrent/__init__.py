"""Tenstorrent target: TT-Metalium code generation, the emulator it runs on, and TT annotations."""
from .backend import DEVICES, DeviceError, TenstorrentBackend, factory
from . import emulator

__all__ = ["DEVICES", "DeviceError", "TenstorrentBackend", "emulator", "factory"]
