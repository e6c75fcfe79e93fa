// Stand-in for libstdc++'s C locale model: the device has no locales (its C library is picolibc, the Linux
// toolchain's headers expect glibc's). Kernels never use streams; this only lets <iterator> parse.
#pragma GCC system_header
#pragma once
#include <clocale>
#define _GLIBCXX_NUM_CATEGORIES 0
namespace std _GLIBCXX_VISIBILITY(default) {
_GLIBCXX_BEGIN_NAMESPACE_VERSION
typedef int* __c_locale;
int __convert_from_v(const __c_locale&, char*, const int, const char*, ...);
_GLIBCXX_END_NAMESPACE_VERSION
}
