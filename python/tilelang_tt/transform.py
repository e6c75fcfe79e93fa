"""`tilelang.transform` as upstream code imports it: PassConfigKey (the setting names of pass_configs)."""
from .pass_config import PassConfigKey

__all__ = ["PassConfigKey"]
