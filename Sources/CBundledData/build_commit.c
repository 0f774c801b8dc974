// The commit stamp: `make` writes build-commit.h (ignored by git) before it builds, defining IAMGATE_BUILD_COMMIT.
#include "BundledData.h"

#if __has_include("build-commit.h")
#include "build-commit.h"
#endif

#ifndef IAMGATE_BUILD_COMMIT
#define IAMGATE_BUILD_COMMIT ""
#endif

const char *iamgate_build_commit(void) { return IAMGATE_BUILD_COMMIT; }
