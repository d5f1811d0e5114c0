#!/usr/bin/env python3
"""Writes a programme file with N sessions, built from the demo programme's texts, for benchmarks.

Usage: gen_programme.py N [ROOMS] > programme.json
(ROOMS: how many rooms, copies of the demo's, so that N sessions fit in two days of 20-minute slots)
"""
import json, pathlib, sys

n = int(sys.argv[1])
demo = json.loads((pathlib.Path(__file__).parent.parent / "server/data/demo-ibmc-2024.json").read_text())
templates = [s for s in demo["sessions"] if s["kind"] != "break"]
want = int(sys.argv[2]) if len(sys.argv) > 2 else len(demo["rooms"])
base = demo["rooms"]
for i in range(len(base), want):
    copy = dict(base[i % len(base)])
    copy["id"] = f"{copy['id']}-{i}"
    copy["name"] = {lang: f"{text} {i}" for lang, text in copy["name"].items()}
    demo["rooms"].append(copy)
rooms = [r["id"] for r in demo["rooms"]]
days = ["2024-11-27", "2024-11-28"]
per_day = -(-n // len(days))
sessions = []
for i in range(n):
    day, k = divmod(i, per_day)
    slot, room = divmod(k, len(rooms))
    start = 8 * 60 + slot * 20
    t = dict(templates[i % len(templates)])
    t["id"] = f"bench-{i:04d}"
    t["closed"] = False  # every card visible to the anonymous benchmark client
    t["title"] = {lang: f"{text} ({i})" for lang, text in t["title"].items()}
    t["room"] = rooms[room]
    t["start"] = f"{days[day]}T{start // 60:02d}:{start % 60:02d}:00"
    t["end"] = f"{days[day]}T{(start + 20) // 60:02d}:{(start + 20) % 60:02d}:00"
    sessions.append(t)
demo["event"]["slug"] = f"bench-{n}"
demo["sessions"] = sessions
json.dump(demo, sys.stdout, ensure_ascii=False)
