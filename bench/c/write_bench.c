/* The writer benchmark's baseline: the same 200,000 × 12 cells as bench/writer.sh's Swift run
 * (a unit name, a reason text, nine scores, a rank), written with libxlsxwriter directly in
 * constant-memory mode, with the same formats. */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: write_bench OUT.xlsx ROWS\n"); return 2; }
    int rows = atoi(argv[2]);
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(argv[1], &options);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "大表");
    lxw_format *text = workbook_add_format(wb);
    format_set_font_name(text, "宋体");
    format_set_border(text, LXW_BORDER_THIN);
    lxw_format *num = workbook_add_format(wb);
    format_set_font_name(num, "宋体");
    format_set_border(num, LXW_BORDER_THIN);
    format_set_num_format(num, "0.00");
    char unit[64], reason[64];
    for (int r = 0; r < rows; r++) {
        snprintf(unit, sizeof unit, "市发展改革委%d", r % 500);
        snprintf(reason, sizeof reason, "扣0.%d分；加0.%d分。", r % 10, (r / 10) % 10);
        worksheet_write_string(ws, r, 0, unit, text);
        worksheet_write_string(ws, r, 1, reason, text);
        for (int c = 2; c < 11; c++) worksheet_write_number(ws, r, c, (double)((r * 7 + c * 13) % 10000) / 100.0, num);
        worksheet_write_number(ws, r, 11, r + 1, num);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
