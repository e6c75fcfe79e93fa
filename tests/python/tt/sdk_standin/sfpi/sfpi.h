// Stand-in for the SFPI toolchain's sfpi.h (the SFPU's vector types and intrinsics), whose compiler and headers
// are not on any package registry. It lets the SDK's MATH-thread headers compile on a stock RISC-V GCC:
// every vector type converts to every other, every operator and intrinsic takes any operands. So the MATH
// thread's SFPU internals are only checked loosely (names and call shapes), while everything the API and the
// kernel itself write is checked as usual.
#pragma once
#include <cstdint>
#include <type_traits>

#define sfpi_inline inline __attribute__((always_inline))

namespace sfpi {

// Instruction modifier names (distinct stand-in values: the real encodings live in the SFPI toolchain).
enum : std::uint32_t {
  SFPABS_MOD1_FLOAT = 0,
  SFPABS_MOD1_INT = 1,
  SFPAND_MOD1_USE_VB = 2,
  SFPARECIP_MOD1_RECIP = 3,
  SFPCAST_MOD1_INT32_TO_FP32_RNE = 4,
  SFPCAST_MOD1_SM32_TO_FP32_RNE = 5,
  SFPENCC_MOD1_EI_RI = 6,
  SFPENCC_MOD1_EU_R1 = 7,
  SFPEXEXP_MOD1_SET_CC_COMP_EXP = 8,
  SFPEXEXP_MOD1_SET_CC_SGN_EXP = 9,
  SFPEXMAN_MOD1_PAD9 = 10,
  SFPGT_MOD1_SET_ALL_ONES = 11,
  SFPGT_MOD1_SET_CC = 12,
  SFPGT_MOD1_SET_VD = 13,
  SFPIADD_MOD1_ARG_2SCOMP_LREG_DST = 14,
  SFPIADD_MOD1_ARG_IMM = 15,
  SFPIADD_MOD1_ARG_LREG_DST = 16,
  SFPIADD_MOD1_CC_GTE0 = 17,
  SFPIADD_MOD1_CC_LT0 = 18,
  SFPIADD_MOD1_CC_NONE = 19,
  SFPIADD_MOD1_IMM_NO_CC = 20,
  SFPIADD_MOD1_REG_NO_CC = 21,
  SFPLE_MOD1_SET_CC = 22,
  SFPLE_MOD1_SET_VD = 23,
  SFPLOADI_MOD0_FLOATA = 24,
  SFPLOADI_MOD0_FLOATB = 25,
  SFPLOADI_MOD0_LOWER = 26,
  SFPLOADI_MOD0_SHORT = 27,
  SFPLOADI_MOD0_UPPER = 28,
  SFPLOADI_MOD0_USHORT = 29,
  SFPLOAD_ADDR_MODE_NOINC = 30,
  SFPLOAD_MOD0_FMT_FP16B = 31,
  SFPLOAD_MOD0_FMT_SRCB = 32,
  SFPLUTFP32_MOD0_FP16_6ENTRY_TABLE1 = 33,
  SFPLZ_MOD1_CC_NE0 = 34,
  SFPLZ_MOD1_CC_NONE = 35,
  SFPMAD_MOD1_INDIRECT_VA = 36,
  SFPMAD_MOD1_INDIRECT_VD = 37,
  SFPMAD_MOD1_NEGATE_VA = 38,
  SFPMAD_MOD1_NEGATE_VC = 39,
  SFPMAD_MOD1_OFFSET_NONE = 40,
  SFPMOV_MOD1_CONFIG = 41,
  SFPMOV_MOD1_FROM_RS = 42,
  SFPMOV_MOD1_NEGATE = 43,
  SFPMUL24_MOD1_LOWER = 44,
  SFPMUL24_MOD1_UPPER = 45,
  SFPSETCC_MOD1_LREG_EQ0 = 46,
  SFPSETCC_MOD1_LREG_GTE0 = 47,
  SFPSETCC_MOD1_LREG_LT0 = 48,
  SFPSETCC_MOD1_LREG_NE0 = 49,
  SFPSETEXP_MOD1_ARG_EXPONENT = 50,
  SFPSETSGN_MOD1_ARG_IMM = 51,
  SFPSETSGN_MOD1_SIGN_FROM_IMM = 52,
  SFPSHFT2_MOD1_SHFT_IMM = 53,
  SFPSHFT2_MOD1_SHFT_LREG = 54,
  SFPSHFT2_MOD1_SUBVEC_SHFLROR1 = 55,
  SFPSHFT2_MOD1_SUBVEC_SHFLSHR1 = 56,
  SFPSHFT_MOD1_ARG_IMM = 57,
  SFPSHFT_MOD1_ARG_IMM_USE_VC = 58,
  SFPSHFT_MOD1_IMM_SRC_C = 59,
  SFPSHFT_MOD1_SHIFT_IMM = 60,
  SFPSTOCHRND_MOD1_FP32_TO_FP16A = 61,
  SFPSTOCHRND_MOD1_FP32_TO_FP16B = 62,
  SFPSTOCHRND_MOD1_FP32_TO_INT16 = 63,
  SFPSTOCHRND_MOD1_FP32_TO_INT8 = 64,
  SFPSTOCHRND_MOD1_FP32_TO_UINT16 = 65,
  SFPSTOCHRND_MOD1_FP32_TO_UINT8 = 66,
  SFPSTOCHRND_RND_EVEN = 67,
  SFPSTOCHRND_RND_STOCH = 68,
  SFPSTORE_ADDR_MODE_NOINC = 69,
  SFPSTORE_MOD0_FMT_FP16B = 70,
  SFPSTORE_MOD0_FMT_LO16 = 71,
  SFPSTORE_MOD0_FMT_SRCB = 72,
  SFPSWAP_MOD1_SWAP = 73,
  SFPSWAP_MOD1_VEC_MIN_MAX = 74,
};

struct vBase {
  constexpr vBase() = default;
  template <typename T>
  constexpr vBase(const T&) {}
  explicit constexpr operator bool() const { return true; }
};
#define TL_SFPI_VEC(name)                                   \
  struct name : vBase {                                     \
    constexpr name() = default;                             \
    template <typename T, typename... U>                    \
    constexpr name(const T&, const U&...) {}                \
    constexpr name get() const { return *this; }            \
    template <auto... layout, typename... A>                \
    name& mode(const A&...) { return *this; }               \
    void in_use() const {}                                  \
    template <typename T>                                   \
    name& operator=(const T&) { return *this; }             \
    template <typename T>                                   \
    name& operator+=(const T&) { return *this; }            \
    template <typename T>                                   \
    name& operator-=(const T&) { return *this; }            \
    template <typename T>                                   \
    name& operator*=(const T&) { return *this; }            \
    template <typename T>                                   \
    name& operator&=(const T&) { return *this; }            \
    template <typename T>                                   \
    name& operator|=(const T&) { return *this; }            \
    template <typename T>                                   \
    name& operator^=(const T&) { return *this; }            \
    template <typename T>                                   \
    name& operator<<=(const T&) { return *this; }           \
    template <typename T>                                   \
    name& operator>>=(const T&) { return *this; }           \
    name& operator++() { return *this; }                    \
    name operator++(int) { return *this; }                  \
    name& operator--() { return *this; }                    \
    name operator--(int) { return *this; }                  \
  };
TL_SFPI_VEC(vFloat)
TL_SFPI_VEC(vInt)
TL_SFPI_VEC(vUInt)
TL_SFPI_VEC(vCond)
TL_SFPI_VEC(vBool)
TL_SFPI_VEC(vFloat16a)
TL_SFPI_VEC(vFloat16b)
TL_SFPI_VEC(vUInt8)
TL_SFPI_VEC(vUInt16)
TL_SFPI_VEC(vMag)
TL_SFPI_VEC(vSMag)
TL_SFPI_VEC(vSMag8)
TL_SFPI_VEC(vSMag16)
TL_SFPI_VEC(vLut8si)
TL_SFPI_VEC(vLut16ii)
TL_SFPI_VEC(vLut16ss)
#undef TL_SFPI_VEC

template <typename T>
constexpr bool is_vec = std::is_base_of_v<vBase, std::decay_t<T>>;
template <typename A, typename B>
using vec_of = std::conditional_t<is_vec<A>, std::decay_t<A>, std::decay_t<B>>;

#define TL_SFPI_BINARY(op, result)                                                       \
  template <typename A, typename B, std::enable_if_t<is_vec<A> || is_vec<B>, int> = 0>   \
  constexpr result operator op(const A&, const B&) { return {}; }
#define TL_SFPI_VEC_RESULT vec_of<A, B>
TL_SFPI_BINARY(+, TL_SFPI_VEC_RESULT)
TL_SFPI_BINARY(-, TL_SFPI_VEC_RESULT)
TL_SFPI_BINARY(*, TL_SFPI_VEC_RESULT)
TL_SFPI_BINARY(&, TL_SFPI_VEC_RESULT)
TL_SFPI_BINARY(|, TL_SFPI_VEC_RESULT)
TL_SFPI_BINARY(^, TL_SFPI_VEC_RESULT)
TL_SFPI_BINARY(<<, TL_SFPI_VEC_RESULT)
TL_SFPI_BINARY(>>, TL_SFPI_VEC_RESULT)
TL_SFPI_BINARY(<, vCond)
TL_SFPI_BINARY(<=, vCond)
TL_SFPI_BINARY(>, vCond)
TL_SFPI_BINARY(>=, vCond)
TL_SFPI_BINARY(==, vCond)
TL_SFPI_BINARY(!=, vCond)
TL_SFPI_BINARY(&&, vCond)
TL_SFPI_BINARY(||, vCond)
#undef TL_SFPI_BINARY
#undef TL_SFPI_VEC_RESULT
template <typename A, std::enable_if_t<is_vec<A>, int> = 0>
constexpr std::decay_t<A> operator-(const A&) { return {}; }
template <typename A, std::enable_if_t<is_vec<A>, int> = 0>
constexpr std::decay_t<A> operator~(const A&) { return {}; }
template <typename A, std::enable_if_t<is_vec<A>, int> = 0>
constexpr vCond operator!(const A&) { return {}; }

// Registers: the destination register file (dst_reg[i], dst_reg++) and the local registers (l_reg[LRegs::LRegN]).
struct RegFile {
  vFloat operator[](int) const { return {}; }
  RegFile& operator++() { return *this; }
  RegFile operator++(int) { return *this; }
  RegFile& operator+=(int) { return *this; }
};
inline RegFile dst_reg;
enum class LRegs { LReg0, LReg1, LReg2, LReg3, LReg4, LReg5, LReg6, LReg7, LRegCount };
struct LRegFile {
  vFloat operator[](LRegs) const { return {}; }
};
inline LRegFile l_reg;

// Programmable and fixed constant registers.
inline vFloat vConst0, vConst1, vConstNeg1, vConst0p8373, vConstFloatPrgm0, vConstFloatPrgm1, vConstFloatPrgm2;
inline vInt vConstIntPrgm0, vConstIntPrgm1, vConstIntPrgm2;

// Mode selectors of the intrinsics (0.81's sfpi).
enum class DataLayout { Default, F32, FSrcB, I32, ROW_MAJOR, SM32, TILE, U16, U32 };
enum class ExponentMode { Biased, Unbiased };
enum class LutSign { Retain, Update };
enum class MantissaMode { ImplicitOne, NoImplicitOne };
enum class RoundMode { Nearest, NearestStochastic };
enum class ShiftMode { Logical, Arithmetic };
constexpr int SFP_DESTREG_STRIDE = 2;
inline vInt vConstTileId;

// Scalar immediates in the SFPU's 16-bit formats.
struct s2vFloat16 {
  enum Format { fp16a, fp16b };
  template <typename... T>
  constexpr s2vFloat16(const T&...) {}
};
struct s2vFloat16a : s2vFloat16 { using s2vFloat16::s2vFloat16; };
struct s2vFloat16b : s2vFloat16 { using s2vFloat16::s2vFloat16; };
struct sFloat16a : s2vFloat16 { using s2vFloat16::s2vFloat16; };
struct sFloat16b : s2vFloat16 { using s2vFloat16::s2vFloat16; };

template <typename To, typename From>
constexpr To reinterpret(const From&) { return {}; }
template <typename To, auto... mode, typename... From>
constexpr To as(const From&...) { return {}; }
template <typename To, auto... mode, typename... From>
constexpr To convert(const From&...) { return {}; }

// Intrinsics: any operands; the result type is the one the SDK's sfpi gives (vFloat or vInt).
#define TL_SFPI_FN(name, result)   \
  template <typename... T>         \
  constexpr result name(const T&...) { return {}; }
TL_SFPI_FN(abs, vFloat)
TL_SFPI_FN(setsgn, vFloat)
TL_SFPI_FN(setexp, vFloat)
TL_SFPI_FN(setman, vFloat)
TL_SFPI_FN(addexp, vFloat)
TL_SFPI_FN(exexp, vInt)
TL_SFPI_FN(exexp_nodebias, vInt)
TL_SFPI_FN(exman8, vInt)
TL_SFPI_FN(exman9, vInt)
TL_SFPI_FN(int32_to_float, vFloat)
TL_SFPI_FN(float_to_fp16a, vFloat)
TL_SFPI_FN(float_to_fp16b, vFloat)
TL_SFPI_FN(float_to_int16, vInt)
TL_SFPI_FN(float_to_uint16, vUInt)
TL_SFPI_FN(float_to_int8, vInt)
TL_SFPI_FN(float_to_uint8, vUInt)
TL_SFPI_FN(lut, vFloat)
TL_SFPI_FN(lut_sign, vFloat)
TL_SFPI_FN(lut2, vFloat)
TL_SFPI_FN(lut2_sign, vFloat)
TL_SFPI_FN(shft, vInt)
TL_SFPI_FN(lz, vInt)
TL_SFPI_FN(lz_nosgn, vInt)
TL_SFPI_FN(subvec_shflror1, vFloat)
TL_SFPI_FN(subvec_shflshr1, vFloat)
TL_SFPI_FN(copyman, vFloat)
TL_SFPI_FN(copysgn, vFloat)
TL_SFPI_FN(setsgn2, vFloat)
TL_SFPI_FN(approx_recip, vFloat)
TL_SFPI_FN(clamp, vFloat)
TL_SFPI_FN(symmetric_clamp, vFloat)
TL_SFPI_FN(min, vFloat)
TL_SFPI_FN(max, vFloat)
TL_SFPI_FN(nearby, vFloat)
TL_SFPI_FN(exman, vInt)
TL_SFPI_FN(is_finite, vCond)
TL_SFPI_FN(is_inf, vCond)
TL_SFPI_FN(is_nan, vCond)
TL_SFPI_FN(is_neg, vCond)
TL_SFPI_FN(is_pos, vCond)
#undef TL_SFPI_FN
template <typename... T>
constexpr void vec_min_max(const T&...) {}
template <typename... T>
constexpr void min_max(const T&...) {}
struct lreg_pressure {};
template <typename... T>
constexpr void vec_swap(const T&...) {}
template <typename... T>
constexpr void subvec_transp(const T&...) {}

}  // namespace sfpi

// Predicated blocks: v_if (cond) { ... } v_elseif (cond) { ... } v_else { ... } v_endif;
#define v_if(cond) { if (cond)
#define v_elseif(cond) else if (cond)
#define v_else else
#define v_endif }
#define v_block {
#define v_endblock }
#define v_and(cond) (void)(cond)

// The raw load/store builtins some SDK headers call directly.
template <typename... T>
constexpr sfpi::vFloat __builtin_rvtt_sfpload(const T&...) { return {}; }
template <typename... T>
constexpr void __builtin_rvtt_sfpstore(const T&...) {}
template <typename... T>
constexpr sfpi::vFloat __builtin_rvtt_sfpmad(const T&...) { return {}; }
