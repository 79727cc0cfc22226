/* The reader's floor: libzip inflating one part of a workbook to nowhere, as the reader's own
 * inflate does, with nothing parsed. bench/reader.sh runs it beside `kaohe inspect`.
 *   inflate_floor FILE PART */
#include <stdio.h>
#include <stdlib.h>
#include <zip.h>

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: inflate_floor FILE PART\n"); return 64; }
    int err = 0;
    zip_t *z = zip_open(argv[1], ZIP_RDONLY, &err);
    if (!z) { fprintf(stderr, "cannot open %s\n", argv[1]); return 1; }
    zip_file_t *f = zip_fopen(z, argv[2], 0);
    if (!f) { fprintf(stderr, "no part %s\n", argv[2]); return 1; }
    static char buf[1 << 18];
    long long total = 0;
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) total += n;
    zip_fclose(f);
    zip_close(z);
    printf("%lld\n", total);
    return 0;
}
