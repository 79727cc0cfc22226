#include "CFuzzDriver.h"

// Weak: resolved by libFuzzer's runtime in a -fsanitize=fuzzer build, null in a plain one.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t)) __attribute__((weak));

int kaohe_run_fuzzer(int *argc, char ***argv, KaoheFuzzCallback callback) {
    if (!LLVMFuzzerRunDriver) return -1;
    return LLVMFuzzerRunDriver(argc, argv, callback);
}
