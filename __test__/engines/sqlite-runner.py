# A SQLite engine for keyword-sweep.mjs (Node 20 has no node:sqlite): reads JSON lines
# {"up": …, "down": …}, runs up then down on a fresh in-memory database and answers one JSON
# line {"error": null | message}; after down, nothing of the migration may be left.
import json
import sqlite3
import sys

print(json.dumps({"version": sqlite3.sqlite_version}), flush=True)
for line in sys.stdin:
    case = json.loads(line)
    db = sqlite3.connect(":memory:", isolation_level=None)
    error = None
    try:
        db.executescript(case["up"])
        db.executescript(case["down"])
        left = db.execute("SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
        if left:
            error = "left after down: " + ", ".join(r[0] for r in left)
    except Exception as e:  # the engine's refusal is the answer
        error = f"{type(e).__name__}: {e}"
    finally:
        db.close()
    print(json.dumps({"error": error}), flush=True)
