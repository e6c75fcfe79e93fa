// Stand-in for glibc's <features.h>, which Debian's Linux RISC-V libstdc++ headers include: the device's C library
// is picolibc (no glibc). Used only by the device type-model check of kernel builds (src/device_check.h) and the
// tests' SDK conformance check (tests/python/tt/sdk_build.py), never by the emulator's own x86 build.
#pragma once
#define __GLIBC_PREREQ(maj, min) 0
