// Pushes one Float16_b tile whose element (h, w) is h + w/32, then prints a 2×3 slice of it with TSLICE.
void kernel_main() {
  cb_reserve_back(0, 1);
  volatile uint16_t* t = reinterpret_cast<volatile uint16_t*>(get_write_ptr(0));
  for (uint32_t h = 0; h < 32; ++h)
    for (uint32_t w = 0; w < 32; ++w) {
      const float v = static_cast<float>(h) + static_cast<float>(w) / 32.0f;
      uint32_t bits;
      __builtin_memcpy(&bits, &v, 4);
      t[((h / 16) * 2 + w / 16) * 256 + (h % 16) * 16 + (w % 16)] = static_cast<uint16_t>(bits >> 16);
    }
  cb_push_back(0, 1);
  cb_wait_front(0, 1);
  DPRINT << TSLICE(0, 0, SliceRange{.h0 = 1, .h1 = 18, .hs = 16, .w0 = 0, .w1 = 24, .ws = 8}, TSLICE_INPUT_CB,
                   TSLICE_RD_PTR);
  cb_pop_front(0, 1);
}
