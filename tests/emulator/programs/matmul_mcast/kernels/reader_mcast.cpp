// Reader for the multicast matmul test. Core (x, y) of an R×C grid computes output block (y, x).
// A's row-block y is read from DRAM once, by the core in column 0, and multicast along row y;
// B's column-block x is read once, by the core in row 0, and multicast down column x.
// Handshake per K block (for each operand): every receiver reserves its CB page range, clears its
// "ready" flag and increments the sender's counter; the sender waits until the counter reaches the
// number of receivers, resets it, multicasts the block to the same L1 address on the receivers
// (CB write pointers advance in lockstep on every core), then multicasts VALID into their flags.
#include <cstdint>

namespace {

struct Operand {
  uint32_t cb;
  bool sender;
  uint32_t sender_x, sender_y;            // NOC coordinates of the sender
  uint32_t mc_x0, mc_y0, mc_x1, mc_y1;    // NOC rectangle of the receivers
  uint32_t num_receivers;
  uint32_t counter_sem, flag_sem;         // L1 addresses of the two semaphores
  uint32_t block_tiles;
};

// A sender fills its CB slot from DRAM; `tile_of(i)` gives the DRAM page of the slot's i-th tile.
template <typename Accessor, typename TileOf>
void send_block(const Operand& op, const Accessor& src, uint32_t tile_bytes, TileOf tile_of) {
  cb_reserve_back(op.cb, op.block_tiles);
  uint32_t l1 = get_write_ptr(op.cb);
  for (uint32_t i = 0; i < op.block_tiles; ++i) noc_async_read_tile(tile_of(i), src, l1 + i * tile_bytes);
  noc_async_read_barrier();
  if (op.num_receivers > 0) {
    volatile tt_l1_ptr uint32_t* counter = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(op.counter_sem);
    noc_semaphore_wait(counter, op.num_receivers);
    noc_semaphore_set(counter, 0);
    uint64_t data_dst = get_noc_multicast_addr(op.mc_x0, op.mc_y0, op.mc_x1, op.mc_y1, l1);
    noc_async_write_multicast(l1, data_dst, op.block_tiles * tile_bytes, op.num_receivers);
    noc_async_write_barrier();
    volatile tt_l1_ptr uint32_t* flag = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(op.flag_sem);
    noc_semaphore_set(flag, VALID);
    uint64_t flag_dst = get_noc_multicast_addr(op.mc_x0, op.mc_y0, op.mc_x1, op.mc_y1, op.flag_sem);
    noc_semaphore_set_multicast(op.flag_sem, flag_dst, op.num_receivers);
    noc_async_write_barrier();
  }
  cb_push_back(op.cb, op.block_tiles);
}

void receive_block(const Operand& op) {
  cb_reserve_back(op.cb, op.block_tiles);
  volatile tt_l1_ptr uint32_t* flag = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(op.flag_sem);
  noc_semaphore_set(flag, INVALID);
  noc_semaphore_inc(get_noc_addr(op.sender_x, op.sender_y, op.counter_sem), 1);
  noc_semaphore_wait(flag, VALID);
  cb_push_back(op.cb, op.block_tiles);
}

}  // namespace

void kernel_main() {
  uint32_t arg = 0;
  const uint32_t a_addr = get_arg_val<uint32_t>(arg++);
  const uint32_t b_addr = get_arg_val<uint32_t>(arg++);
  const uint32_t block_row = get_arg_val<uint32_t>(arg++);  // in tiles: first output tile row of this core
  const uint32_t block_col = get_arg_val<uint32_t>(arg++);
  const uint32_t kt = get_arg_val<uint32_t>(arg++);         // K in tiles
  const uint32_t nt = get_arg_val<uint32_t>(arg++);         // N in tiles
  Operand ops[2];
  for (auto& op : ops) {
    op.sender = get_arg_val<uint32_t>(arg++) != 0;
    op.sender_x = get_arg_val<uint32_t>(arg++);
    op.sender_y = get_arg_val<uint32_t>(arg++);
    op.mc_x0 = get_arg_val<uint32_t>(arg++);
    op.mc_y0 = get_arg_val<uint32_t>(arg++);
    op.mc_x1 = get_arg_val<uint32_t>(arg++);
    op.mc_y1 = get_arg_val<uint32_t>(arg++);
    op.num_receivers = get_arg_val<uint32_t>(arg++);
    op.counter_sem = get_semaphore(get_arg_val<uint32_t>(arg++));
    op.flag_sem = get_semaphore(get_arg_val<uint32_t>(arg++));
  }

  constexpr uint32_t block_m = get_compile_time_arg_val(0);  // output block rows per core, in tiles
  constexpr uint32_t block_n = get_compile_time_arg_val(1);
  constexpr uint32_t block_k = get_compile_time_arg_val(2);
  constexpr auto a_args = TensorAccessorArgs<3>();
  constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();
  const uint32_t tile_bytes = get_tile_size(tt::CBIndex::c_0);
  const auto a = TensorAccessor(a_args, a_addr, tile_bytes);
  const auto b = TensorAccessor(b_args, b_addr, tile_bytes);

  ops[0].cb = tt::CBIndex::c_0;
  ops[0].block_tiles = block_m * block_k;
  ops[1].cb = tt::CBIndex::c_1;
  ops[1].block_tiles = block_k * block_n;

  for (uint32_t k0 = 0; k0 < kt; k0 += block_k) {
    // A block: block_m × block_k tiles, row-major.
    if (ops[0].sender)
      send_block(ops[0], a, tile_bytes, [&](uint32_t i) { return (block_row + i / block_k) * kt + k0 + i % block_k; });
    else
      receive_block(ops[0]);
    // B block: block_k × block_n tiles, row-major.
    if (ops[1].sender)
      send_block(ops[1], b, tile_bytes, [&](uint32_t i) { return (k0 + i / block_n) * nt + block_col + i % block_n; });
    else
      receive_block(ops[1]);
  }
}
