#pragma once
#include <stddef.h>
#include <stdint.h>

typedef int (*KaoheFuzzCallback)(const uint8_t *data, size_t size);

/// libFuzzer's driver when the program is linked with -fsanitize=fuzzer; otherwise returns -1
/// (the fuzz program then replays the files it is given).
int kaohe_run_fuzzer(int *argc, char ***argv, KaoheFuzzCallback callback);
