#!/usr/bin/env python3
"""Writes common.txt: passwords people pick that satisfy naive rules (length, classes).

Nothing is downloaded. The list is built from well-known patterns: keyboard walks, common
words and names (English and pinyin), the product and city names, repeated digits, with the
years, digit runs and symbols people append. Lower case, one per line, sorted, de-duplicated;
only entries of 12 or more characters are kept (shorter ones are refused by length anyway).
Run: python3 data/passwords/generate.py > data/passwords/common.txt
"""
import itertools

bases = """password passw0rd p@ssword p@ssw0rd qwerty qwertyuiop asdfgh asdfghjkl zxcvbn
zxcvbnm 1qaz2wsx 1q2w3e4r 1q2w3e qazwsx abc123 abcdef abcd1234 iloveyou letmein welcome admin
administrator root master dragon monkey football baseball sunshine princess shadow superman
batman trustno1 whatever freedom starwars hello charlie michael jennifer computer internet
secret changeme default login guest test tester linli linli123 yangzhou jiangsu china
beijing shanghai woaini woaini1314 wangyi zhangwei wangwei liwei liuyang zhongguo aini1314
nihao mima mima123 yonghu guanli guanliyuan xitong shequ wangge jiedao fuwu zhengwu gongzuo
123456 1234567 12345678 123456789 1234567890 987654321 111111 000000 666666 888888 520520
147258 159357 123123 112233 121212 654321 a123456 aa123456 qq123456 admin123 root123
summer winter spring autumn monday sunday""".split()

suffixes = ["", "!", "@", "#", ".", "1", "12", "123", "1234", "12345", "123456", "!@#", "@123",
            "#123", "_123", "-123", "666", "888", "1314", "520", "000", "2020", "2021", "2022",
            "2023", "2024", "2025", "2026", "2027", "@2024", "@2025", "@2026", "#2026", "-2026",
            "_2026", "2026!", "2025!", "2024!", "!2026", "123!", "1234!", "12345!"]
separators = ["", "@", "-"]
years = [str(y) for y in range(1970, 2031)]


def variants(word):
    yield word
    yield word.capitalize()


out = set()
for base, suffix in itertools.product(bases, suffixes):
    for v in variants(base):
        out.add(v + suffix)
for base, sep, year in itertools.product(bases, separators, years):
    out.add(base + sep + year)
for base in bases:
    for n in range(2, 4):
        out.add(base * n)
walks = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "0987654321", "1qaz2wsx3edc",
         "qazwsxedc", "qazwsxedcrfv", "1q2w3e4r5t", "1q2w3e4r5t6y", "zaq12wsx", "!qaz2wsx",
         "1qaz@wsx", "qwer1234", "asdf1234", "zxcv1234", "qwerasdfzxcv", "abcdefghijkl",
         "aaaaaaaaaaaa", "abcabcabcabc", "112233445566", "123123123123", "123456123456",
         "111111111111", "000000000000", "888888888888", "666666666666", "123456654321",
         "abc123abc123", "password1234", "passwordpassword", "iloveyou1314"]
out.update(walks)
for digit in "0123456789":
    for n in range(12, 17):
        out.add(digit * n)
print("\n".join(sorted({w.lower() for w in out if len(w) >= 12})))
