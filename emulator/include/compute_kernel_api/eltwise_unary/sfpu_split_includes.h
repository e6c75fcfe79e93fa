// Includes the SFPU headers selected by SFPU_OP_*_INCLUDE defines, as the SDK's ops do.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/sfpu_split_includes.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/sfpu_split_includes.h"
#endif

#if SFPU_OP_EXP_INCLUDE
#include "compute_kernel_api/eltwise_unary/exp.h"
#endif
#if SFPU_OP_GELU_INCLUDE
#include "compute_kernel_api/eltwise_unary/gelu.h"
#endif
#if SFPU_OP_SQRT_INCLUDE
#include "compute_kernel_api/eltwise_unary/sqrt.h"
#endif
#if SFPU_OP_RSQRT_INCLUDE
#include "compute_kernel_api/eltwise_unary/rsqrt.h"
#endif
#if SFPU_OP_RECIP_INCLUDE
#include "compute_kernel_api/eltwise_unary/recip.h"
#endif
#if SFPU_OP_RELU_FAMILY_INCLUDE
#include "compute_kernel_api/eltwise_unary/relu.h"
#endif
#if SFPU_OP_ELU_INCLUDE
#include "compute_kernel_api/eltwise_unary/elu.h"
#endif
#if SFPU_OP_ERF_ERFC_INCLUDE
#include "compute_kernel_api/eltwise_unary/erf_erfc.h"
#endif
#if SFPU_OP_NEG_INCLUDE
#include "compute_kernel_api/eltwise_unary/negative.h"
#endif
#if SFPU_OP_TRIG_FAMILY_INCLUDE
#include "compute_kernel_api/eltwise_unary/trigonometry.h"
#endif
#if SFPU_OP_LOG1P_INCLUDE
#include "compute_kernel_api/eltwise_unary/log1p.h"
#endif
#if SFPU_OP_ROUND_FAMILY_INCLUDE
#include "compute_kernel_api/eltwise_unary/rounding.h"
#endif
#if SFPU_OP_COMP_FAMILY_INCLUDE
#include "compute_kernel_api/eltwise_unary/comp.h"
#endif
#if SFPU_OP_LOGICAL_NOT_NOTI_INCLUDE
#include "compute_kernel_api/eltwise_unary/logical_not_noti.h"
#endif
#if SFPU_OP_FILL_INCLUDE
#include "compute_kernel_api/eltwise_unary/fill.h"
#endif
#if SFPU_OP_BINOP_WITH_SCALAR_INCLUDE
#include "compute_kernel_api/eltwise_unary/binop_with_scalar.h"
#endif
#if SFPU_OP_TYPECAST_INCLUDE
#include "compute_kernel_api/eltwise_unary/typecast.h"
#endif
#if SFPU_OP_SOFTPLUS_INCLUDE
#include "compute_kernel_api/eltwise_unary/softplus.h"
#endif
#if SFPU_OP_ACTIVATIONS_INCLUDE
#include "compute_kernel_api/eltwise_unary/activations.h"
#endif
#if SFPU_OP_IDENTITY_INCLUDE
#include "compute_kernel_api/eltwise_unary/identity.h"
#endif
#if SFPU_OP_WHERE_INCLUDE
#include "compute_kernel_api/eltwise_unary/where.h"
#endif
#if SFPU_OP_CLAMP_INCLUDE
#include "compute_kernel_api/eltwise_unary/clamp.h"
#endif
#if SFPU_OP_HARDTANH_INCLUDE
#include "compute_kernel_api/eltwise_unary/hardtanh.h"
#endif
#if SFPU_OP_THRESHOLD_INCLUDE
#include "compute_kernel_api/eltwise_unary/threshold.h"
#endif
#if SFPU_OP_SELU_INCLUDE
#include "compute_kernel_api/eltwise_unary/selu.h"
#endif
#if SFPU_OP_PRELU_INCLUDE
#include "compute_kernel_api/eltwise_unary/prelu.h"
#endif
#if SFPU_OP_RPOW_INCLUDE
#include "compute_kernel_api/eltwise_unary/rpow.h"
#endif
#if SFPU_OP_CBRT_INCLUDE
#include "compute_kernel_api/eltwise_unary/cbrt.h"
#endif
#if SFPU_OP_ISINF_ISNAN_INCLUDE
#include "compute_kernel_api/eltwise_unary/isinf_isnan.h"
#endif
