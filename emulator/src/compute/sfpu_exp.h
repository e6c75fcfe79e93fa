// The SFPU's exp (see sfpu_exp.cpp): one value, and a tile region in place (rows x cols from the top-left,
// each element multiplied by `scale` first, then rounded to bf16 when dst_bf16).
#pragma once

namespace emu::compute {
float exp_value(float x);
void exp_rows(float* tile, int rows, int cols, float scale, bool dst_bf16);
}  // namespace emu::compute
