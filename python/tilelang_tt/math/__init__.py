"""tilelang.math: integer helpers for kernel factories (Python ints), as upstream names them."""


def next_power_of_2(x: int) -> int:
    """The smallest power of two >= x (for x >= 1; as upstream, 2 for 0)."""
    return 1 << (int(x) - 1).bit_length()


def cdiv(a: int, b: int) -> int:
    """a / b rounded up."""
    return -(-a // b)


__all__ = ["next_power_of_2", "cdiv"]
