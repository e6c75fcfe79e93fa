// apply_tt_defaults (see the header for the contract).
#include "tilelang_tt/transform/apply_tt_defaults.h"

#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_device.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {
void check_one_of(const std::map<std::string, std::string>& attrs, const std::string& key,
                  std::initializer_list<const char*> allowed, const Span& span) {
  auto it = attrs.find(key);
  if (it == attrs.end()) return;
  std::string list;
  for (const char* a : allowed) {
    if (it->second == a) return;
    list += std::string(list.empty() ? "" : ", ") + "'" + a + "'";
  }
  throw UserError("annotate_tt_schedule", key.substr(12) + " must be one of " + list + ", got '" + it->second + "'",
                  span);
}
}  // namespace

PrimFunc apply_tt_defaults(const PrimFunc& f, const std::string& device) {
  auto attrs = f->attrs;
  attrs["tt.device"] = device_params(device).name;
  check_one_of(attrs, "tt.schedule.policy", {"contiguous", "strided", "balanced"}, f->span);
  check_one_of(attrs, "tt.schedule.order", {"row_major", "column_major"}, f->span);
  check_one_of(attrs, "tt.schedule.reuse", {"auto", "multicast", "none"}, f->span);
  attrs.emplace("tt.schedule.policy", "contiguous");
  attrs.emplace("tt.schedule.order", "row_major");
  for (auto& p : tt_global_tensors(f)) {
    auto key = "tt.layout." + p->name;
    auto it = attrs.find(key);
    if (it == attrs.end()) {
      attrs[key] = "dram,interleaved";
    } else if (it->second != "dram,interleaved" && it->second != "l1,interleaved") {
      throw UserError("annotate_tt_layout", "parameter " + p->name + ": 'interleaved' layouts in 'dram' or 'l1' "
                                                "are supported yet, got '" + it->second + "'",
                      f->span);
    }
  }
  return make_func(f->name, f->params, f->shape_vars, attrs, f->body, f->span, f->workspaces);
}

}  // namespace tl::tt
