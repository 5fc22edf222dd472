#!/usr/bin/env python3
# Name search at city scale, the SQL of SearchResidents before and after migration 0009 in one
# run: a county, the surname of a random resident, three pages of 20 by name (ids step + rows
# step, without decryption), p50/p99, and whether both give the same pages.
#   python3 bench/registry/namebench.py var/bench-city.db [samples]   (a migrated database)
import random, sqlite3, sys, time, os
db = sqlite3.connect(sys.argv[1])
for p in ["PRAGMA case_sensitive_like=ON", "PRAGMA cache_size=-65536", "PRAGMA mmap_size=1073741824"]:
    db.execute(p)
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
max_id = db.execute("SELECT MAX(id) FROM residents").fetchone()[0]
rnd = random.Random(20231101)
samples = []
while len(samples) < n:
    row = db.execute("SELECT name, place_code FROM residents WHERE id = ?", (rnd.randint(1, max_id),)).fetchone()
    if row: samples.append((row[0][0], row[1][:6]))
ROWS = ("SELECT r.id, r.name, r.id_number_cipher, r.phone_cipher, h.building_id FROM residents r "
        "LEFT JOIN households h ON h.id = r.household_id WHERE r.id IN ({ids}){extra} ORDER BY r.name, r.id")
def old(text, county, after):
    sql = "SELECT r.id FROM residents r WHERE (r.place_code LIKE '3210%') AND r.place_code LIKE ? AND r.name LIKE ? ESCAPE '\\'"
    params = [county + "%", "%" + text + "%"]
    if after:
        sql += " AND (r.name > ? OR (r.name = ? AND r.id > ?))"; params += [after[0], after[0], after[1]]
    sql += " ORDER BY r.name, r.id LIMIT 21"
    return ROWS.format(ids=sql, extra=""), params
def new(text, county, after):
    sql = ("SELECT g.resident_id FROM resident_name_grams g WHERE g.gram = ? AND g.name LIKE ? ESCAPE '\\' "
           "AND (g.place_code LIKE '3210%') AND g.place_code LIKE ?")
    params = [text, "%" + text + "%", county + "%"]
    if after:
        sql += " AND (g.name > ? OR (g.name = ? AND g.resident_id > ?)) AND g.name >= ?"; params += [after[0], after[0], after[1], after[0]]
    sql += " ORDER BY g.name, g.resident_id LIMIT 21"
    return (ROWS.format(ids=sql, extra=" AND (r.place_code LIKE '3210%') AND r.name LIKE ? ESCAPE '\\' AND r.place_code LIKE ?"),
            params + ["%" + text + "%", county + "%"])
def run(builder):
    times = []; pages = []
    for text, county in samples:
        start = time.perf_counter(); after = None; got = []
        for _ in range(3):
            sql, params = builder(text, county, after)
            rows = db.execute(sql, params).fetchall()
            got.append([r[0] for r in rows[:20]])
            if len(rows) <= 20: break
            after = (rows[19][1], rows[19][0])
        times.append((time.perf_counter() - start) * 1000); pages.append(got)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))], pages
print(os.popen("uptime").read().strip())
n50, n99, new_pages = run(new)
print(f"after (name grams): 3 pages p50 {n50:.2f} ms p99 {n99:.2f} ms")
o50, o99, old_pages = run(old)
print(f"before (LIKE scan):  3 pages p50 {o50:.2f} ms p99 {o99:.2f} ms")
print("same pages:", new_pages == old_pages)
print(os.popen("uptime").read().strip())
