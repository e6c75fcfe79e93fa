// Running a program on the current device: build kernels, check L1 budgets, run the engine.
#pragma once
#include "device.h"
#include "program_impl.h"

namespace emu {
void launch_program(Device& dev, ProgramImpl& prog);
}
