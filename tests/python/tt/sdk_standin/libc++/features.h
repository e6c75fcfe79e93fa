#pragma once
#define __GLIBC_PREREQ(maj, min) 0
