// tt.print_value / tt.print_tiles of the compute emitter (emit_compute.h; the ops: transform/tt_print_lowering.h).
// The UNPACK thread prints (DPRINT_UNPACK: the thread that reads CBs, and one line per print, not one per TRISC)
// the interpreter's lines (interp/print.cpp), in the kernel's API version:
//   0.66  DPRINT_UNPACK(DPRINT << "msg='m' at (bx=" << bx << "): A_s(" << r << ", " << c << ") dtype=float32 value="
//                       << SETPRECISION(9) << TSLICE(cb, tile, SliceRange{…}, false) << ENDL());
//   0.81  DPRINT_UNPACK("msg='m' at (bx={}): A_s({}, {}) dtype=float32 value={}\n", bx, r, c, TSLICE(…));
// An element is a one-element TSLICE of its tile in the CB's front version (waited for first). Floats: 0.66's
// SETPRECISION(9) prints the interpreter's 9 significant digits; 0.81 prints a scalar with {:.9g} and a tile
// element with {} (fmtlib's shortest round-trip digits: the same value, perhaps fewer digits). A bool value
// prints True/False from two branches.
#include "tilelang_tt/codegen/tt/emit_compute.h"

#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_print_lowering.h"

namespace tl::tt {

namespace {

// Text of a C++ string literal (without quotes); in a 0.81 format string, braces doubled.
std::string literal(const std::string& s, bool format) {
  std::string out;
  for (unsigned char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\', out += static_cast<char>(ch);
    } else if (ch < 0x20 || ch >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", ch);
      out += buf;
    } else {
      if (format && (ch == '{' || ch == '}')) out += static_cast<char>(ch);
      out += static_cast<char>(ch);
    }
  }
  return out;
}

// A line as pieces: literal text and C++ values (a value piece is an expression; `spec` its 0.81 format spec,
// `manip` the 0.66 manipulator before it).
struct Piece {
  bool is_value;
  std::string text, spec, manip;
};

std::string statement(const std::vector<Piece>& line, bool api_0_66) {
  std::string s;
  if (api_0_66) {
    s = "DPRINT_UNPACK(DPRINT";
    for (const Piece& p : line)
      s += p.is_value ? (p.manip.empty() ? "" : " << " + p.manip) + " << " + p.text : " << \"" + literal(p.text, false) + "\"";
    return s + " << ENDL());";
  }
  std::string format, args;
  for (const Piece& p : line) {
    if (p.is_value) format += "{" + p.spec + "}", args += ", " + p.text;
    else format += literal(p.text, true);
  }
  return "DPRINT_UNPACK(\"" + format + "\\n\"" + args + ");";
}

}  // namespace

void ComputeEmitter::print(const ExternCallNode& c, std::ostringstream& os, const std::string& pad) {
  use("api/debug/dprint.h");
  const bool tiles = c.name == "tt.print_tiles";
  const PrintText text = print_text(ctx_.kernel->attrs, const_arg(c, 0));
  const size_t first_at = tiles ? 8 : 2;
  std::vector<Piece> line = {{false, "msg='" + text.msg + "' at ("}};
  for (size_t i = first_at; i < c.args.size(); ++i) {
    auto* v = c.args[i]->as<VarNode>();
    line.push_back({false, (i > first_at ? ", " : "") + (v ? v->name : "i" + std::to_string(i - first_at)) + "="});
    line.push_back({true, "int32_t(" + scalar_(c.args[i]) + ")"});
  }
  line.push_back({false, "):"});
  os << pad << "// T.print '" << literal(text.msg, false) << "'\n";
  if (!tiles) {
    const Expr& value = c.args[1];
    const std::string v = scalar_(value);
    line.push_back({false, " dtype=" + text.dtype + " value="});
    if (value->dtype == DType::Bool) {
      auto with = [&](const char* word) {
        auto l = line;
        l.back().text += word;
        return statement(l, api_0_66());
      };
      os << pad << "if (" << v << ") {\n" << pad << "  " << with("True") << "\n" << pad << "} else {\n"
         << pad << "  " << with("False") << "\n" << pad << "}\n";
      return;
    }
    const bool flt = value->dtype == DType::Float32;
    line.push_back({true, (flt ? "float(" : "int32_t(") + v + ")", flt ? ":.9g" : "", flt ? "SETPRECISION(9)" : ""});
    os << pad << statement(line, api_0_66()) << "\n";
    return;
  }
  const int64_t cb = const_arg(c, 1), tile_cols = const_arg(c, 2), form = const_arg(c, 3);
  const std::string r0 = scalar_(c.args[4]), rows = scalar_(c.args[5]), c0 = scalar_(c.args[6]),
                    cols = scalar_(c.args[7]);
  if (form != 3) line.back().text += " " + text.name + "(";
  if (form == 0 || form == 1) line.push_back({true, "tl_pr"});
  if (form == 0) line.push_back({false, ", "});
  if (form == 0 || form == 2) line.push_back({true, "tl_pc"});
  line.push_back({false, std::string(form != 3 ? ")" : "") + " dtype=" + text.dtype + " value="});
  line.push_back({true,
                  "TSLICE(" + std::to_string(cb) + ", tl_pr / 32 * " + std::to_string(tile_cols) +
                      " + tl_pc / 32, SliceRange{uint8_t(tl_pr % 32), uint8_t(tl_pr % 32 + 1), 1, uint8_t(tl_pc % "
                      "32), uint8_t(tl_pc % 32 + 1), 1}, false)",
                  "", "SETPRECISION(9)"});
  os << pad << "cb_wait_front(" << cb << ", " << tiles_of(static_cast<uint32_t>(cb)) << ");\n"
     << pad << "for (int32_t tl_pr = " << r0 << "; tl_pr < " << r0 << " + " << rows << "; ++tl_pr) {\n"
     << pad << "  for (int32_t tl_pc = " << c0 << "; tl_pc < " << c0 << " + " << cols << "; ++tl_pc) {\n"
     << pad << "    " << statement(line, api_0_66()) << "\n"
     << pad << "  }\n" << pad << "}\n";
}

}  // namespace tl::tt
