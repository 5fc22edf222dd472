#!/usr/bin/env python3
"""Writes N synthetic resident rows in the import template's layout (deterministic).

usage: make_residents_csv.py N COMMUNITY_CODES_FILE OUT.csv

Every row is valid: GB 11643 ID numbers (Yangzhou county area codes, birth dates 1930-2019,
unique sequence numbers, correct check characters), phones for 70 %, households of 1-4 people
at "基准路{n}号" with one 户主 each, a tag on every tenth person. Names are shaped like real
ones (a common surname and one or two given characters: 2-3 characters, as the seeder's), so
that the name grams written per row are those of a real registry. Labelled synthetic: every
address is on 基准路 ("benchmark road"), which no community has.
"""
import datetime
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
AREAS = ["321002", "321003", "321012", "321023", "321081", "321084"]
RELATIONS = ["户主", "配偶", "子女", "父母"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红玉梅林文志春云飞鹏辉斌宇浩凯秀兰金凤海燕小龙晓东新民德成俊峰雪琴子轩欣怡佳豪雨涵博文思远嘉"


def name_of(i):
    """A deterministic name of 2 (30 %) or 3 (70 %) characters."""
    h = (i * 2654435761) % 4294967296
    name = SURNAMES[h % len(SURNAMES)] + GIVEN[(h // 131) % len(GIVEN)]
    if (h // 17161) % 10 >= 3:
        name += GIVEN[(h // 2248091) % len(GIVEN)]
    return name


def check(first17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def main():
    n = int(sys.argv[1])
    communities = [line.strip() for line in open(sys.argv[2]) if line.strip()]
    start = datetime.date(1930, 1, 1)
    days = (datetime.date(2019, 12, 31) - start).days
    with open(sys.argv[3], "w", encoding="utf-8", newline="") as out:
        out.write("姓名,公民身份号码,联系电话,民族,居住状态,状态起始日期,社区代码,网格代码,"
                  "楼栋地址,房号,户类型,与户主关系,标签\r\n")
        household = 0
        member = 0
        size = 1
        for i in range(n):
            if member >= size:
                household += 1
                member = 0
                size = 1 + (household * 7) % 4
            birth = start + datetime.timedelta(days=(i * 7919) % days)
            sequence = (i // days) % 1000
            area = AREAS[(i // (days * 1000)) % len(AREAS)]
            first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
            id_number = first17 + check(first17)
            phone = f"139{i % 100000000:08d}" if i % 10 < 7 else ""
            community = communities[(household // 400) % len(communities)]
            building = household // 12
            room = f"{household % 12 + 1}01"
            relation = RELATIONS[min(member, 3)]
            tag = "志愿者" if i % 10 == 3 else ""
            out.write(f"{name_of(i)},{id_number},{phone},汉族,户籍常住,2020-01-01,{community},,"
                      f"基准路{building}号,{room},实住户,{relation},{tag}\r\n")
            member += 1


if __name__ == "__main__":
    main()
