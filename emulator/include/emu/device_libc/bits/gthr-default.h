#pragma once
// single-threaded device: no gthreads
#include <bits/gthr-single.h>
