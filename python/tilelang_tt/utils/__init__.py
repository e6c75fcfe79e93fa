"""Helpers with upstream TileLang's module paths (tilelang.utils.tensor.TensorSupplyType, ...)."""
from .tensor import TensorSupplyType, get_tensor_supply

__all__ = ["TensorSupplyType", "get_tensor_supply"]
