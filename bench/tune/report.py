#!/usr/bin/env python3
"""Reads a `shardml tune --json` document on stdin; prints the job's passes, their seconds and the best candidate."""
import json
import sys

document = json.load(sys.stdin)
execution = document["execution"]
tuning = document["tuning"]
best = tuning["candidates"][tuning["best"]]["parameters"]
print(f"{execution['passes']} passes, {execution['wallSeconds']:.2f} s in passes, best {' '.join(f'{k}={v}' for k, v in best.items())}")
