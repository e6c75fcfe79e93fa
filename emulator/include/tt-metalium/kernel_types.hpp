// Kernel configurations (DataMovementConfig, Reader/WriterDataMovementConfig, ComputeConfig, EthernetConfig).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <tt-metalium/base_types.hpp>
#include <tt-metalium/data_types.hpp>

#include "emu/metalium_api.h"

namespace tt::tt_metal {
constexpr uint32_t max_runtime_args = 341;
using KernelHandle = std::uint32_t;

enum class KernelBuildOptLevel : uint8_t { O1, O2, O3, O0, Os, Ofast, Oz };

struct DataMovementConfig {
  DataMovementProcessor processor = DataMovementProcessor::RISCV_0;
  NOC noc = NOC::RISCV_0_default;
  NOC_MODE noc_mode = NOC_MODE::DM_DEDICATED_NOC;
  std::vector<uint32_t> compile_args;
  std::map<std::string, std::string> defines;
  std::unordered_map<std::string, uint32_t> named_compile_args;
  KernelBuildOptLevel opt_level = KernelBuildOptLevel::O2;
  int emu_metalium_api = TT_METALIUM_API;  // emulator only: the API the host was compiled against (its kernels' API)
};

struct ReaderDataMovementConfig : public DataMovementConfig {
  ReaderDataMovementConfig(std::vector<uint32_t> compile_args = {}, std::map<std::string, std::string> defines = {},
                           std::unordered_map<std::string, uint32_t> named_compile_args = {},
                           KernelBuildOptLevel opt_level = KernelBuildOptLevel::O2) {
    processor = DataMovementProcessor::RISCV_1;
    noc = NOC::NOC_0;  // reader: NCRISC on NOC 0
    this->compile_args = std::move(compile_args);
    this->defines = std::move(defines);
    this->named_compile_args = std::move(named_compile_args);
    this->opt_level = opt_level;
  }
};

struct WriterDataMovementConfig : public DataMovementConfig {
  WriterDataMovementConfig(std::vector<uint32_t> compile_args = {}, std::map<std::string, std::string> defines = {},
                           std::unordered_map<std::string, uint32_t> named_compile_args = {},
                           KernelBuildOptLevel opt_level = KernelBuildOptLevel::O2) {
    processor = DataMovementProcessor::RISCV_0;  // writer: BRISC on NOC 1
    noc = NOC::NOC_1;
    this->compile_args = std::move(compile_args);
    this->defines = std::move(defines);
    this->named_compile_args = std::move(named_compile_args);
    this->opt_level = opt_level;
  }
};

struct ComputeConfig {
  MathFidelity math_fidelity = MathFidelity::HiFi4;
  bool fp32_dest_acc_en = false;
  bool dst_full_sync_en = false;
  std::vector<UnpackToDestMode> unpack_to_dest_mode;
  bool bfp8_pack_precise = false;
  bool math_approx_mode = false;
  std::vector<uint32_t> compile_args;
  std::map<std::string, std::string> defines;
  std::unordered_map<std::string, uint32_t> named_compile_args;
  KernelBuildOptLevel opt_level = KernelBuildOptLevel::O3;
  int emu_metalium_api = TT_METALIUM_API;  // emulator only: the API the host was compiled against (its kernels' API)
};

struct EthernetConfig {
  Eth eth_mode = Eth::SENDER;
  NOC noc = NOC::NOC_0;
  DataMovementProcessor processor = DataMovementProcessor::RISCV_0;
  std::vector<uint32_t> compile_args;
  std::map<std::string, std::string> defines;
  std::unordered_map<std::string, uint32_t> named_compile_args;
  KernelBuildOptLevel opt_level = KernelBuildOptLevel::Os;
  NOC_MODE noc_mode = NOC_MODE::DM_DEDICATED_NOC;
};
}  // namespace tt::tt_metal
