// Include path of the compile-time argument helpers.
#pragma once
#include "emu/kernel_args.h"
