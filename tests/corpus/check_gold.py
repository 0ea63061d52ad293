#!/usr/bin/env python3
"""Lints gold.json against the articles: every gold name, date text, money text, role and
required organization or location must occur in the article's body (not only in its page
furniture), every not_person somewhere in the page, date values must be well-formed and distinct,
event dates among the dates, topics among the ids of ../shared/eval/topics.md when it is present.

usage: /usr/bin/python3 tests/corpus/check_gold.py   (exits 1 on a problem)"""
import json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
TOPICS_MD = os.path.join(HERE, "..", "..", "..", "shared", "eval", "topics.md")
# Lines from which on the page is furniture, and image links anywhere.
FURNITURE = re.compile(r"^(Xem thêm|Tin liên quan|TIN LIÊN QUAN|Tin bài liên quan|\[Video\])")
DATE = re.compile(r"(\d{4}(-\d\d(-\d\d)?|-Q[1-4]|-H[12])?|--\d\d(-\d\d)?)"
                  r"(/(\d{4}(-\d\d(-\d\d)?)?|--\d\d(-\d\d)?))?")

def fold(s):
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s).replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return " ".join(s.replace("–", "-").split())

def main():
    gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
    topics = None
    if os.path.exists(TOPICS_MD):
        topics = set(re.findall(r"^\| (\w+) \|", open(TOPICS_MD, encoding="utf-8").read(), re.M)) - {"id"}
    problems = []
    for d in gold["documents"]:
        f = d["file"]
        page = open(os.path.join(HERE, "articles", f), encoding="utf-8").read()
        if not unicodedata.is_normalized("NFC", page):
            problems.append(f"{f}: not NFC")
        body = []
        for line in page.split("\n"):
            if FURNITURE.match(line):
                break
            if not line.startswith("!["):
                body.append(line)
        body = "\n".join(body)
        fb = fold(body)
        def need(cond, msg):
            if not cond:
                problems.append(f"{f}: {msg}")
        need(d["title"] is None or page.startswith(d["title"]), "the page does not start with the title")
        need(not d.get("source") or d["source"] in body, f"source {d.get('source')} not in the body")
        for p in d["persons"]:
            n = p["name"]
            need(n in body or n.upper() in body, f"person {n} not in the body")
            for r in p["roles"]:
                need(r in ("byline", "photo_credit") or fold(r) in fb, f"role {r!r} of {n} not in the body")
        for n in d["not_persons"]:
            need(n in page, f"not_person {n} not in the page")
        values = [x["value"] for x in d["dates"]]
        need(len(values) == len(set(values)), "a date value is listed twice")
        forms = set(values) | {a for x in d["dates"] for a in x.get("accept", [])}
        for x in d["dates"]:
            need(x["text"] in body, f"date text {x['text']!r} not in the body")
            for v in [x["value"]] + x.get("accept", []):
                need(DATE.fullmatch(v) is not None, f"malformed date value {v}")
        if d.get("event_date") is not None:
            accept = d.get("event_date_accept") or [d["event_date"]]
            need(d["event_date"] in accept, "event_date not among event_date_accept")
            for a in accept:
                need(a in forms, f"event date {a} not among the dates")
        for m in d["money"]:
            need(m["text"] in body, f"money {m['text']} not in the body")
            need(isinstance(m["amount"], int) and m["amount"] > 0, f"amount of {m['text']}")
        for field in ("organizations", "locations"):
            for x in d[field]["required"]:
                need(fold(x) in fb, f"{field} {x} not in the body")
        if topics is not None:
            for t in d["topics"]["required"] + d["topics"]["allowed"]:
                need(t in topics, f"unknown topic {t}")
    for p in problems:
        print(p)
    print(f"{len(gold['documents'])} documents, {len(problems)} problems")
    sys.exit(1 if problems else 0)

main()
