#!/usr/bin/env python3
"""Writes, once, the workbooks `kaohe draft` is tested on for issue 32, with openpyxl:

Tests/KaoheDraftTests/Fixtures/corpus: real published result tables, typed in as a lead unit
would submit them (title row, header row, one row per unit, numbers as numbers, ranks as
printed). Each table's source address is given with it below and in the folder's README.md;
every row and number was read from the stored copy of that page, in traditional characters
where the page used them (typed here in simplified ones). Nothing is corrected: a published
slip stays a slip.

Tests/KaoheDraftTests/Fixtures/tempting: tables made to tempt a coincidental fit (columns that
move together, a constant column, a column one factor off another), and the shapes issue 32
names (rank-only tables with 第一名 …, a tie printed with two ranks, grades by a note's
quota, 合计 rows inside a table, two sheets of the same shape printed rounded).

    python3 scripts/make_draft_corpus.py
"""
import os
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Tests", "KaoheDraftTests", "Fixtures", "corpus")
TEMPTING = os.path.join(ROOT, "Tests", "KaoheDraftTests", "Fixtures", "tempting")


def q(d, places=2):
    return Decimal(d).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def num(text):
    """A printed number as the cell a lead unit types: an integer where it has no decimals."""
    d = Decimal(text)
    return int(d) if d == d.to_integral_value() and "." not in text else float(d)


def sheet(wb, name, title, headers, rows, notes=(), first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = name
    ws.cell(1, 1, title)
    for c, h in enumerate(headers, 1):
        ws.cell(2, c, h)
    r = 3
    for row in rows:
        for c, v in enumerate(row, 1):
            if v is None or v == "":
                continue
            ws.cell(r, c, num(v) if isinstance(v, str) and _numeric(v) else v)
        r += 1
    for note in notes:
        ws.cell(r, 1, note)
        r += 1
    # A column printed with one number of decimals throughout (79.0, 0.30) keeps them, as typed.
    for c in range(1, len(headers) + 1):
        texts = [row[c - 1] for row in rows if c - 1 < len(row) and isinstance(row[c - 1], str) and _numeric(row[c - 1])]
        places = {len(t.split(".")[1]) if "." in t else 0 for t in texts}
        if len(places) == 1 and min(places) > 0:
            for rr in range(3, 3 + len(rows)):
                ws.cell(rr, c).number_format = "0." + "0" * min(places)
    return ws


def _numeric(v):
    try:
        Decimal(v)
        return True
    except Exception:
        return False


def table(path, title, headers, text, notes=(), name="Sheet1"):
    """One table typed from whitespace-separated lines, as the page prints it."""
    rows = [line.split() for line in text.strip().splitlines()]
    wb = Workbook()
    sheet(wb, name, title, headers, rows, notes, first=True)
    wb.save(path)


# --- The corpus ----------------------------------------------------------------------------

CORPUS_TABLES = [
    # http://e-gov.org.cn/article-163339.html — 第十五届中国政府网站绩效评估，国务院组成部门网站评估结果前15名
    ("01-部委网站2016.xlsx", "第十五届（2016）国务院组成部门网站评估结果",
     ["排名", "名称", "政务公开指数", "政务服务指数", "互动交流指数", "日常保障指数", "功能与影响力指数", "优秀创新案例指数", "总分"], """
1 商务部 0.85 0.72 0.72 0.93 0.90 0.92 94.9
2 交通运输部 0.82 0.73 0.77 0.73 0.75 0.95 91.4
3 工业和信息化部 0.61 0.79 0.77 0.93 0.80 0.94 88.8
4 农业部 0.89 0.84 0.77 0.87 0.55 0.27 86.3
5 发展改革委 0.91 0.75 0.61 0.93 0.55 0.30 83.3
6 水利部 0.69 0.70 0.69 0.87 0.40 0.89 83.0
6 公安部 0.82 0.74 0.66 0.87 0.65 0.46 83.0
7 国土资源部 0.80 0.83 0.61 0.93 0.75 0.31 82.9
7 科技部 0.85 0.75 0.67 0.93 0.65 0.28 82.9
8 卫生计生委 0.74 0.62 0.59 0.87 0.65 0.75 80.7
9 财政部 0.71 0.70 0.68 0.93 0.55 0.46 78.8
10 文化部 0.84 0.70 0.61 0.87 0.50 0.26 77.7
11 教育部 0.82 0.75 0.70 0.53 0.50 0.30 75.4
12 环境保护部 0.76 0.69 0.64 0.67 0.55 0.35 74.1
13 住房城乡建设部 0.62 0.54 0.71 0.93 0.40 0.46 71.8
14 人力资源社会保障部 0.77 0.40 0.68 0.93 0.50 0.32 71.6
15 民政部 0.75 0.37 0.71 0.93 0.60 0.23 70.6
""", ["备注：15名以后的网站如需了解具体名次，请与评估工作组联系。"]),
    # https://www.integerworks.com/tech/internet/146384.html — 2014部委网站评估结果前30名（存档摘录止于第21行）
    ("02-部委网站2014.xlsx", "2014年部委网站评估结果",
     ["排名", "名称", "信息公开指数", "办事服务指数", "互动交流指数", "舆论引导指数", "功能与管理指数", "总分"], """
1 商务部 0.83 0.84 0.73 0.76 0.73 79.0
2 林业局 0.81 0.81 0.72 0.77 0.70 77.1
3 质检总局 0.82 0.83 0.66 0.71 0.74 76.3
4 交通运输部 0.82 0.84 0.71 0.64 0.70 76.0
5 海关总署 0.76 0.75 0.75 0.79 0.73 75.9
6 税务总局 0.77 0.79 0.67 0.73 0.67 73.3
7 工业和信息化部 0.77 0.77 0.63 0.76 0.71 73.0
8 农业部 0.77 0.81 0.63 0.71 0.64 72.3
9 工商总局 0.70 0.71 0.74 0.75 0.66 71.3
9 食品药品监管总局 0.76 0.78 0.59 0.75 0.64 71.3
11 水利部 0.77 0.71 0.61 0.71 0.66 70.3
12 发展改革委 0.76 0.74 0.56 0.74 0.69 70.2
13 公安部 0.65 0.71 0.69 0.72 0.65 67.9
14 财政部 0.73 0.74 0.47 0.72 0.59 65.4
14 科技部 0.73 0.70 0.49 0.71 0.60 65.4
16 安全监管总局 0.74 0.57 0.56 0.68 0.60 64.3
17 国土资源部 0.71 0.65 0.51 0.72 0.57 64.0
17 文化部 0.73 0.73 0.42 0.72 0.55 64.0
19 证监会 0.54 0.75 0.55 0.72 0.61 61.7
20 卫生计生委 0.69 0.61 0.39 0.77 0.62 61.2
21 邮政局 0.69 0.63 0.51 0.59 0.58 61.1
"""),
    # http://www.ccidegov.cn/fbh2022/info/1032/1156.htm — 第二十一届（2022）国务院组成部门网站评估结果前15名
    ("03-部委网站2022.xlsx", "第二十一届（2022）国务院组成部门网站评估结果",
     ["排名", "单位", "资源汇聚能力指数", "数据应用能力指数", "资源融合能力指数", "资源传递能力指数", "诉求响应能力指数", "安全运维保障能力指数",
      "优秀创新案例指数", "总分"], """
1 商务部 0.85 0.50 0.88 0.80 0.93 0.72 0.80 88.3
2 交通运输部 0.88 0.45 0.73 0.73 0.75 0.97 0.85 87.9
3 工业和信息化部 0.82 0.55 0.81 0.63 0.63 0.93 0.86 84.3
4 科技部 0.84 0.45 0.76 0.73 0.45 0.84 0.66 80.4
4 水利部 0.78 0.45 0.82 0.73 0.68 0.80 0.67 80.4
5 农业农村部 0.76 0.40 0.73 0.83 0.73 0.91 0.40 78.3
6 卫生健康委 0.75 0.45 0.73 0.70 0.45 0.87 0.65 75.5
7 文化和旅游部 0.75 0.20 0.62 0.80 0.60 0.85 0.70 75.3
8 自然资源部 0.79 0.45 0.58 0.57 0.50 0.88 0.42 72.2
9 发展改革委 0.80 0.25 0.58 0.57 0.55 0.98 0.40 71.9
10 生态环境部 0.75 0.50 0.76 0.63 0.30 0.49 0.53 69.1
11 住房和城乡建设部 0.70 0.35 0.61 0.50 0.51 0.93 0.35 66.6
12 教育部 0.78 0.25 0.73 0.57 0.39 0.68 0.23 66.3
13 民政部 0.76 0.35 0.38 0.57 0.45 0.65 0.34 64.5
14 应急管理部 0.60 0.35 0.68 0.40 0.75 0.87 0.30 62.6
15 财政部 0.72 0.25 0.45 0.40 0.20 1.00 0.31 60.6
15 公安部 0.76 0.35 0.26 0.53 0.20 0.78 0.24 60.6
"""),
    # http://wuliuzhe.cn/news/39548.htm — 2014年地级市网站建设总体情况排名表（国脉互联）
    ("04-地级市网站2014.xlsx", "2014年地级市网站建设总体情况排名表",
     ["2014年排名", "单位名称", "总得分（100分）", "信息公开（30分）", "在线服务（25分）", "互动交流（10分）", "用户满意（20分）", "国际化（15分）"], """
1 无锡市 86.2 25.4 19.5 10 17.3 14
2 温州市 80.2 22.4 21.5 9 15.6 11.7
3 佛山市 79.8 21.1 23.5 9 17.3 8.9
4 中山市 78.4 19.3 20 8.5 17.3 13.3
5 郴州市 77.8 22.3 18 8 17.3 12.2
6 东莞市 76.2 23.3 22.5 8 13.8 8.6
7 泰州市 76.1 21.8 16.3 8 16.8 13.2
8 淮安市 75.7 20.3 21.5 9 13.6 11.3
9 柳州市 74.4 23.3 13.6 6.5 17.3 13.7
10 常德市 74.3 21.8 16.8 8.5 16 11.2
"""),
    # http://fsou.com/html/text/lar/174049/17404978_3.html — 附件2 2011年市级国土资源管理部门政务信息网上公开情况排名表（四川）
    ("05-国土政务公开2011.xlsx", "2011年市级国土资源管理部门政务信息网上公开情况排名表",
     ["排名", "地市名称", "总得分(100)", "政务公开及日常更新得分(77)", "在线服务得分(9)", "公众参与得分(7)", "网站设计得分(4)", "公开率得分(3)"], """
1 成都市 96.4 74.4 8 7 4 3
2 眉山市 94 75.5 5 7 3.5 3
3 南充市 82.9 67.4 3 6 3.5 3
4 凉山州 82 65.5 5.5 4 4 3
5 资阳市 75.4 61.9 3 4 3.5 3
6 乐山市 72 58 2.5 4.5 4 3
7 德阳市 71.5 61 2 4 3.5 1
8 广安市 68.5 59.5 1.5 2 2.5 3
9 阿坝州 67 55 3 2 4 3
9 泸州市 67 53.5 2.5 6 4 1
11 遂宁市 65.6 54.1 3 4.5 3 1
12 绵阳市 65 48 9 4 4 0
13 宜宾市 62.8 48 4.5 5 3.3 2
14 攀枝花市 61.1 52 4.5 1.8 2.8 0
15 内江市 55 46 2 3 3 1
16 广元市 54.5 42 1 5 3.5 3
17 自贡市 53.5 50 0 0 3.5 0
18 巴中市 53 43.5 0.5 3 3 3
19 雅安市 50 41.5 1 2 2.5 3
20 达州市 41.5 36 0 2 3.5 0
21 甘孜州 38 30.5 0 1 3.5 3
"""),
]

# http://www.tube444.com/news-show-227461.html — 2010年全市政务信息工作综合评分情况（达州），一、各县、市、区信息采用情况
# (the first of its tables, whole in the stored page; 达县, 通川区 and 开江县 have no 省政府办采用 printed).
COUNTIES = """
宣汉县政府办公室 151 5 308
大竹县政府办公室 156 3 290
达县政府办公室 144 - 264
渠县政府办公室 138 1 264
通川区政府办公室 129 - 260
万源市政府办公室 129 4 245
开江县政府办公室 114 - 217
"""

# http://nbxinxi.com/a/longwanqu/20210528/98271.html — 2005年度全区环境卫生专项整治综合考评结果（温州市龙湾区）:
# ten towns and streets, then three zones ranked afresh from 1, with no heading between them.
LONGWAN = """
灵昆镇 79.19 1
状元镇 78.16 2
蒲州街道 77.71 3
沙城镇 76.75 4
永中街道 75.91 5
海滨街道 74.21 6
天河镇 73.79 7
永兴街道 71.67 8
瑶溪镇 70.23 9
海城街道 69.68 10
中心工业区 78.70 1
扶贫开发区 78.62 2
农业示范区 77.45 3
"""

# https://xncz.gov.cn/info/3937/159081.htm — 4月份网站公开信息报送情况统计表（西宁市城中区，2017）: the first 13 rows,
# as far as the stored page goes; 采纳率 printed to a tenth of a per cent with a trailing 0 (57.10% for 16 ÷ 28).
CHENGZHONG = """
1 南川东路办事处 14 7 50%
2 仓门街办事处 28 16 57.10%
3 总寨镇 15 8 53.30%
4 南川西路办事处 33 12 36.40%
5 礼让街办事处 33 14 42.40%
6 南滩办事处 47 20 42.60%
7 人民街办事处 14 4 28.60%
8 饮马街办事处 10 5 50%
9 区统计局 0 0 0
10 区财政局 8 6 75%
11 区政府办公室 18 18 100%
12 区卫生和计划生育局 8 6 75%
13 区发展改革和经济商务局 7 5 71.40%
"""

# https://kuaihz.com/tid6/tid77_1390422.html — 2019省级政府 / 重点城市网上政务服务能力排行榜（中央党校电子政务研究中心）.
# 新疆生产建设兵团 is printed without its index; 安徽 (90.82) is ranked above 福建 (91.11); 南京 96.46 is ranked
# with 广州 and 杭州 at 96.45: typed as printed.
PROVINCES = """
1 浙江 96.73
1 广东 96.73
2 上海 93.93
3 江苏 91.90
3 贵州 91.90
4 北京 91.33
5 安徽 90.82
6 福建 91.11
7 四川 88.31
8 湖北 87.91
9 河南 87.00
10 河北 86.62
11 湖南 83.66
12 江西 83.32
13 重庆 83.14
14 宁夏 82.83
15 广西 82.66
16 云南 81.57
17 天津 81.49
18 海南 81.02
19 辽宁 80.88
20 山西 80.34
21 内蒙古 80.29
22 山东 79.04
23 黑龙江 77.93
24 陕西 77.22
25 吉林 76.56
26 西藏 76.28
27 青海 75.95
28 新疆生产建设兵团
29 甘肃 75.28
30 新疆 74.07
"""
CITIES = """
1 深圳 97.34
2 广州 96.45
2 南京 96.46
2 杭州 96.45
3 宁波 95.28
4 合肥 90.50
5 青岛 90.13
6 哈尔滨 88.76
7 武汉 88.45
8 南昌 87.07
9 福州 86.73
10 长沙 85.45
11 成都 84.72
12 贵阳 84.49
13 厦门 84.36
14 银川 83.00
15 沈阳 82.76
16 郑州 82.71
17 昆明 80.68
18 西安 80.31
19 南宁 80.25
20 济南 79.44
21 呼和浩特 78.64
22 大连 78.38
23 长春 76.88
24 海口 76.49
25 太原 75.61
26 拉萨 73.10
27 石家庄 72.32
28 兰州 72.15
29 乌鲁木齐 72.07
30 西宁 65.76
"""

# http://jsnews.jschina.com.cn/nt/a/201709/t20170921_1060220.shtml — 8月份南通市区城市长效综合管理考核通报 (2017):
# the first 19 rows, as far as the stored page goes (城东街道's total and rank are cut off). The parts are
# weighted as their headers say (占40%, 占40%, 占20%); 新开街道 (94.308) and 钟秀街道 (94.310) are both printed
# 94.31 and ranked 4 and 5; 金沙街道's 92.936 is printed 92.93.
NANTONG = """
中兴街道 95.65 93.73 95.80 94.91 1
文峰街道 95.37 93.80 96.15 94.90 2
港闸开发区 95.67 93.93 93.10 94.46 3
新开街道 95.32 93.50 93.90 94.31 4
钟秀街道 95.20 92.95 95.25 94.31 5
小海街道 95.04 93.23 94.40 94.19 6
秦灶街道 95.55 93.03 93.55 94.14 7
陈桥街道 95.04 92.73 94.85 94.08 8
幸福街道 95.00 93.88 91.65 93.88 9
唐闸镇街道 94.17 92.00 95.20 93.51 10
狼山镇街道 95.00 92.13 91.30 93.11 11
金沙街道 95.53 91.01 91.60 92.93 12
金新街道 95.00 92.42 87.55 92.48 13
虹桥街道 95.28 87.03 94.55 91.83 14
任港街道 95.33 90.23 85.30 91.28 15
和平桥街道 94.57 89.03 88.80 91.20 16
竹行街道 95.24 87.70 89.80 91.14 17
新城桥街道 94.70 87.15 91.80 91.10 18
学田街道 94.99 85.90 91.90 90.74 19
"""

# https://yybnet.net/jinan/jiyang/201708/6477464.html — 济宁市8月份城市文明程度指数测评得分情况 (2017), 表1 主城区街道
# and 表2 非主城区镇街 (表3 has no rule to check). The stored text runs the numbers together (each has two
# decimals) and prints each table's first row, 济阳街道 and 接庄街道, after the last; typed in table order. The
# printed 原始得分 are rounded from finer scores: 加权得分 and 总分 are often a hundredth off what the printed
# figures give (洸河街道 96.76 × 85% = 82.246, printed 82.24; 济阳街道 83.27 + 14.50 = 97.77, printed 97.76).
JINING_MAIN = """
济阳街道 97.96 83.27 96.65 14.50 97.76
洸河街道 96.76 82.24 96.72 14.51 96.75
仙营街道 97.60 82.96 91.26 13.69 96.65
酒仙桥街道 95.94 81.55 96.41 14.46 96.01
南苑街道 96.15 81.73 95.15 14.27 96.00
阜桥街道 96.02 81.62 87.54 13.13 94.75
观音阁街道 92.03 78.22 98.31 14.75 92.97
鼓楼街道 93.76 79.69 85.34 12.80 92.49
越河街道 92.56 78.67 88.25 13.24 91.91
龙桥街道 91.24 77.55 94.41 14.16 91.72
古槐街道 92.50 78.62 86.55 12.98 91.61
许庄街道 91.13 77.46 90.23 13.54 91.00
金城街道 90.80 77.18 91.47 13.72 90.90
"""
JINING_OTHER = """
接庄街道 96.34 81.89 98.53 14.78 96.67
南张街道 95.78 81.41 87.17 13.08 94.48
柳行街道 94.08 79.96 95.63 14.34 94.31
大安镇 92.09 78.28 81.04 12.16 90.43
新兖镇 88.77 75.45 82.95 12.44 87.89
李营街道 87.94 74.75 85.98 12.90 87.65
"""
JINING_HEADERS = ["实地考察原始得分", "实地考察加权得分（85%）", "问卷调查原始得分", "问卷调查加权得分（15%）", "总分"]


def corpus():
    for name, title, headers, text, *notes in CORPUS_TABLES:
        table(os.path.join(CORPUS, name), title, headers, text, notes[0] if notes else ())
    wb = Workbook()
    sheet(wb, "省级", "2019省级政府网上政务服务能力排行榜", ["排名", "省级政府", "总体指数"],
          [line.split() for line in PROVINCES.strip().splitlines()], first=True)
    sheet(wb, "重点城市", "2019重点城市网上政务服务能力排行榜", ["排名", "重点城市", "总体指数"],
          [line.split() for line in CITIES.strip().splitlines()])
    wb.save(os.path.join(CORPUS, "06-网上政务服务能力2019.xlsx"))
    rows = [["" if v == "-" else v for v in line.split()] for line in COUNTIES.strip().splitlines()]
    wb = Workbook()
    sheet(wb, "县市区", "2010年全市政务信息工作综合评分情况", ["单位", "市政府办采用", "省政府办采用", "得分"], rows, first=True)
    wb.save(os.path.join(CORPUS, "07-政务信息评分2010.xlsx"))
    table(os.path.join(CORPUS, "08-环境卫生考评2005.xlsx"), "2005年度全区环境卫生专项整治综合考评结果", ["单位", "分数", "名次"], LONGWAN)
    table(os.path.join(CORPUS, "09-网站信息报送2017.xlsx"), "4月份网站公开信息报送情况统计表",
          ["序号", "单位", "报送信息数(条)", "采纳数(条)", "采纳率"], CHENGZHONG)
    table(os.path.join(CORPUS, "10-城市长效管理2017.xlsx"), "8月份南通市区城市长效综合管理考核结果",
          ["街道名称", "系统考核得分（占40%）", "现场考核得分（占40%）", "履职考核得分（占20%）", "总分", "排名"], NANTONG)
    wb = Workbook()
    sheet(wb, "主城区街道", "济宁市8月份主城区街道城市文明程度指数得分情况", ["街道"] + JINING_HEADERS,
          [line.split() for line in JINING_MAIN.strip().splitlines()], first=True)
    sheet(wb, "非主城区镇街", "济宁市8月份非主城区镇街城市文明程度指数得分情况", ["镇街"] + JINING_HEADERS,
          [line.split() for line in JINING_OTHER.strip().splitlines()])
    wb.save(os.path.join(CORPUS, "11-城市文明程度指数2017.xlsx"))


# --- Tables made to tempt a coincidental fit, and the shapes of issue 32 ---------------------

def chinese_rank(n):
    digits = "零一二三四五六七八九"
    word = digits[n] if n < 10 else ("十" + (digits[n % 10] if n % 10 else "")) if n < 20 else digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return "第" + word + "名"


def rank_first():
    """名次 | 单位 | 考评成绩, 12 units, ranks 第一名 …; 西河镇 and 北坝镇 print the same total and are
    ranked 第四名 and 第五名 (a tie printed with two ranks)."""
    units = [("东山镇", "96.5"), ("西河镇", "91.2"), ("南岭乡", "88.7"), ("北坝镇", "91.2"), ("青石镇", "93.4"), ("白马乡", "85.0"),
             ("金沙镇", "90.1"), ("石桥乡", "79.6"), ("柳林镇", "87.3"), ("新店乡", "82.8"), ("龙泉镇", "94.9"), ("安乐乡", "76.4")]
    ordered = sorted(units, key=lambda u: -Decimal(u[1]))
    rows = [(chinese_rank(i), name, score) for i, (name, score) in enumerate(ordered, 1)]
    table(os.path.join(TEMPTING, "名次在前.xlsx"), "2026年度乡镇目标考核结果", ["名次", "单位", "考评成绩"],
          "\n".join(" ".join(r) for r in rows))


def quota_grades():
    """单位 | 得分 | 名次 | 等次, a note stating 得分前30%为优秀: 3 of 10 are 优秀; 城北街道 (third) is printed 良好."""
    units = [("城关街道", "95.2"), ("城南街道", "93.8"), ("城北街道", "92.6"), ("城西街道", "91.4"), ("河东镇", "90.3"),
             ("河西镇", "88.9"), ("桥头镇", "87.5"), ("坪上乡", "86.2"), ("岭下乡", "84.0"), ("沙坝乡", "81.7")]
    rows = []
    for i, (name, score) in enumerate(units, 1):
        grade = "优秀" if i <= 3 and name != "城北街道" else "良好"
        rows.append(f"{name} {score} {i} {grade}")
    table(os.path.join(TEMPTING, "等次名额.xlsx"), "2026年度镇街综合考核结果", ["单位", "得分", "名次", "等次"], "\n".join(rows),
          ["注：按得分排名，得分前30%为优秀，其余为良好。"])


def threshold_misfit():
    """等次 by no band: 优秀 given to 91.0 and withheld from 92.5 (overlapping bands, no note): not explained."""
    rows = ["甲局 95.0 优秀", "乙局 92.5 良好", "丙局 91.0 优秀", "丁局 88.0 良好", "戊局 85.5 良好", "己局 83.0 良好", "庚局 80.0 一般",
            "辛局 76.5 一般"]
    table(os.path.join(TEMPTING, "等次不合.xlsx"), "2026年度部门考核结果", ["单位", "得分", "等次"], "\n".join(rows))


def moving_together():
    """得分 = 30 − 检查扣分, where 通报次数 and 整改次数 move with 检查扣分 (检查扣分 = 0.75 × (通报 + 整改)):
    the rule is the base less the deduction, not points per 通报 and 整改."""
    data = [("甲镇", 2, 2), ("乙镇", 0, 0), ("丙镇", 4, 0), ("丁镇", 2, 4), ("戊镇", 0, 2), ("己镇", 6, 2), ("庚镇", 4, 4), ("辛镇", 2, 0),
            ("壬镇", 0, 4), ("癸镇", 4, 2)]
    rows = []
    for name, a, b in data:
        off = Decimal("0.75") * (a + b)
        rows.append(f"{name} {a} {b} {off} {Decimal(30) - off}")
    table(os.path.join(TEMPTING, "同步列.xlsx"), "2026年安全生产检查得分", ["单位", "通报次数", "整改次数", "检查扣分", "得分"], "\n".join(rows))


def constant_column():
    """完成率 100 % for every unit and 序号 the row number: 序号 is not a rank of 完成率."""
    data = [("甲街道", 12), ("乙街道", 9), ("丙街道", 15), ("丁街道", 10), ("戊街道", 8), ("己街道", 11), ("庚街道", 14), ("辛街道", 7)]
    rows = [f"{i} {name} {n} {n} 1" for i, (name, n) in enumerate(data, 1)]
    wb = Workbook()
    ws = sheet(wb, "Sheet1", "2026年重点任务完成情况", ["序号", "单位", "任务数", "完成数", "完成率"], [r.split() for r in rows], first=True)
    for r in range(3, 3 + len(rows)):
        ws.cell(r, 5).number_format = "0.00%"
    wb.save(os.path.join(TEMPTING, "常数列.xlsx"))


def factor_column():
    """接通得分（30分） an input that happens to equal min(30, 接通数 ÷ 来电数 × 90) (90 is on no header:
    not plausible), and 合计 = 接通得分 + 办结得分（70分） by the stated maxima."""
    data = [("甲区", 120, 40, "62.5"), ("乙区", 90, 35, "58.0"), ("丙区", 200, 50, "66.0"), ("丁区", 150, 48, "61.5"), ("戊区", 80, 20, "55.0"),
            ("己区", 60, 30, "68.5"), ("庚区", 100, 25, "59.5"), ("辛区", 140, 40, "63.0")]
    rows = []
    for name, calls, answered, done in data:
        score = min(Decimal(30), q(Decimal(answered) / Decimal(calls) * 90))
        rows.append(f"{name} {calls} {answered} {score} {done} {score + Decimal(done)}")
    table(os.path.join(TEMPTING, "倍数列.xlsx"), "2026年热线办理考核", ["单位", "来电数", "接通数", "接通得分（30分）", "办结得分（70分）", "合计"],
          "\n".join(rows))


def partial_sum():
    """合计 = 基础分 + 加分 (two of the four columns before it), and 得分 = 40 − 扣分 on a second sheet; 小计 and
    合计 rows inside the first table are not units."""
    wb = Workbook()
    data = [("甲镇", 20, 18, "85", "3"), ("乙镇", 15, 15, "88", "2"), ("丙镇", 25, 20, "80", "0"), ("丁镇", 18, 12, "76", "4"),
            ("戊镇", 22, 22, "90", "1"), ("己镇", 16, 10, "72", "2"), ("庚镇", 30, 27, "86", "5"), ("辛镇", 12, 12, "91", "0"),
            ("壬镇", 20, 15, "79", "3"), ("癸镇", 24, 20, "83", "1")]
    rows = []
    for i, (name, t, d, base, bonus) in enumerate(data):
        rows.append([name, str(t), str(d), base, bonus, str(Decimal(base) + Decimal(bonus))])
        if i == 4:
            first = data[:5]
            rows.append(["小计", str(sum(x[1] for x in first)), str(sum(x[2] for x in first)), "", "", ""])
    rows.append(["合计", str(sum(x[1] for x in data)), str(sum(x[2] for x in data)), "", "", ""])
    sheet(wb, "综合", "2026年乡镇综合考核", ["单位", "任务数", "完成数", "基础分", "加分", "合计"], rows, first=True)
    deductions = [("甲镇", "2"), ("乙镇", "0"), ("丙镇", "5.5"), ("丁镇", "1"), ("戊镇", "3"), ("己镇", "0.5"), ("庚镇", "4"), ("辛镇", "6"),
                  ("壬镇", "2.5"), ("癸镇", "1.5")]
    sheet(wb, "扣分", "2026年乡镇安全检查", ["单位", "检查扣分", "得分"], [[n, d, str(Decimal(40) - Decimal(d))] for n, d in deductions])
    wb.save(os.path.join(TEMPTING, "部分之和.xlsx"))


def same_shape():
    """Two sheets of one shape: 实地（85%） and 问卷（15%） printed rounded, 总分 their unrounded sum rounded. On 一季度
    five units are 0.01 off their printed parts (a tolerance), on 二季度 one: both take tolerance: 0.01."""
    # 一季度: 丙、戊、庚、辛 and 癸镇 are 0.01 off their printed parts (kept with tolerance: 0.01);
    # 二季度: only 辛镇, a slip on its own, taken with the tolerance its shape was given.
    raw1 = [("甲镇", "82.769", "88.27"), ("乙镇", "88.140", "79.11"), ("丙镇", "79.997", "87.25"), ("丁镇", "80.446", "81.98"),
            ("戊镇", "75.277", "92.24"), ("己镇", "95.909", "85.99"), ("庚镇", "88.332", "92.76"), ("辛镇", "84.337", "93.90"),
            ("壬镇", "92.566", "86.10"), ("癸镇", "95.275", "85.41")]
    raw2 = [("甲镇", "88.420", "80.56"), ("乙镇", "85.987", "90.60"), ("丙镇", "89.100", "79.09"), ("丁镇", "90.923", "88.05"),
            ("戊镇", "81.327", "78.53"), ("己镇", "82.769", "88.27"), ("庚镇", "88.140", "79.11"), ("辛镇", "88.160", "83.12"),
            ("壬镇", "80.446", "81.98"), ("癸镇", "95.909", "85.99")]
    wb = Workbook()
    for i, (name, raw) in enumerate([("一季度", raw1), ("二季度", raw2)]):
        rows = []
        for unit, a, b in raw:
            field, survey = Decimal(a) * Decimal("0.85"), Decimal(b) * Decimal("0.15")
            rows.append([unit, str(q(field)), str(q(survey)), str(q(field + survey))])
        sheet(wb, name, f"2026年{name}综合评估", ["单位", "实地得分（85%）", "问卷得分（15%）", "总分"], rows, first=i == 0)
    wb.save(os.path.join(TEMPTING, "同形两表.xlsx"))


def grade_only():
    """单位 | 得分 | 等次 and no rank, a note stating 90分（含）以上为优秀，80分（含）以上为良好: 丙局's 89 is printed 优秀."""
    rows = ["甲局 95 优秀", "乙局 91.5 优秀", "丙局 89 优秀", "丁局 85 良好", "戊局 82 良好", "己局 78 一般", "庚局 70 一般"]
    table(os.path.join(TEMPTING, "等次无名次.xlsx"), "2026年度部门考核结果", ["单位", "得分", "等次"], "\n".join(rows),
          ["注：90分（含）以上为优秀，80分（含）以上为良好，其余为一般。"])


def few_rows():
    """合计 = 主条 × 2 + 简讯 × 3 + 图片 + 约稿 × 5 on two sheets: six units, where four points solved from
    four rows and checked on two are not found again from three (hold-out: not kept), and twelve, where
    they are."""
    counts = [(3, 1, 0, 2), (1, 4, 2, 0), (0, 2, 5, 1), (4, 0, 1, 3), (2, 2, 2, 2), (5, 3, 0, 1),
              (1, 0, 4, 4), (3, 3, 3, 0), (0, 5, 1, 2), (6, 1, 2, 1), (2, 4, 0, 3), (4, 2, 6, 0)]
    wb = Workbook()
    for i, (name, n) in enumerate([("六个单位", 6), ("十二个单位", 12)]):
        rows = [[f"{'甲乙丙丁戊己庚辛壬癸子丑'[k]}{'镇' if i == 0 else '局'}"] + [str(v) for v in c] + [str(2 * c[0] + 3 * c[1] + c[2] + 5 * c[3])]
                for k, c in enumerate(counts[:n])]
        sheet(wb, name, "2026年信息采用统计", ["单位", "主条", "简讯", "图片", "约稿", "合计"], rows, first=i == 0)
    wb.save(os.path.join(TEMPTING, "少行多项.xlsx"))


if __name__ == "__main__":
    os.makedirs(CORPUS, exist_ok=True)
    os.makedirs(TEMPTING, exist_ok=True)
    corpus()
    rank_first()
    quota_grades()
    threshold_misfit()
    moving_together()
    constant_column()
    factor_column()
    partial_sum()
    same_shape()
    few_rows()
    grade_only()
