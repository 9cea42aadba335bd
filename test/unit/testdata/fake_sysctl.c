// A stand-in for macOS sysctlbyname, so the koffi binding in extension/toolchain/platform.ts
// is exercised for real on Linux: hw.optional.arm64 = 1, sysctl.proc_translated = 1.
#include <string.h>
#include <stddef.h>
int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen) {
  int v;
  if (strcmp(name, "hw.optional.arm64") == 0) v = 1;
  else if (strcmp(name, "sysctl.proc_translated") == 0) v = 1;
  else return -1;
  if (*oldlenp < sizeof v) return -1;
  memcpy(oldp, &v, sizeof v); *oldlenp = sizeof v; return 0;
}
