#pragma once
#include "sfpi.h"
