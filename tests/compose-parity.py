#!/usr/bin/env python3
# compose-parity.py: for every valid fixture under tests/compose/valid, the
# JSON of `berth-cli config --json` must agree, on the keys Berth supports,
# with the reference `docker-compose config` (Debian's Compose v1.29).  Both
# outputs are normalised into one shape first, since v1 prints short forms
# (port strings, "90s" durations, string commands) where v2 prints long ones.
#
# A case directory holding a file "noparity" is skipped for a reason written
# in it (syntax that Compose v1 does not know); its count is reported.
# Every broken fixture must be refused by docker-compose too, except those
# that tests/compose/broken/v1-differences lists with the reason.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys

import yaml

SRC = os.environ.get("BERTH_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), ".."))
CLI = os.environ.get("BERTH_CLI")
VALID = os.path.join(SRC, "tests", "compose", "valid")
BROKEN = os.path.join(SRC, "tests", "compose", "broken")

ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "HOME": "/home/berth",
    "FROM_PROCESS": "process-value",
    "OVERRIDDEN": "from-process",
    "EMPTY": "",
    "TAG": "1.2.3",
    "LC_ALL": "C.UTF-8",
}

UNITS = {"ns": 1, "us": 10**3, "µs": 10**3, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}


def duration_ns(v):
    if v is None:
        return None
    if isinstance(v, int):
        return v * 10**9
    total = 0.0
    for num, unit in re.findall(r"([0-9.]+)(ns|us|µs|ms|s|m|h)", str(v)):
        total += float(num) * UNITS[unit]
    return int(round(total))


def size_bytes(v):
    if v is None:
        return None
    if isinstance(v, int):
        return v
    m = re.fullmatch(r"([0-9.]+)\s*([kmgtp]?)i?b?", str(v).strip().lower())
    if not m:
        return str(v)
    mult = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}[m.group(2)]
    return int(float(m.group(1)) * mult)


def kv_map(v, bare_value=None):
    if v is None:
        return {}
    if isinstance(v, dict):
        return {str(k): (None if x is None else yaml_str(x)) for k, x in v.items()}
    out = {}
    for item in v:
        if "=" in item:
            k, x = item.split("=", 1)
            out[k] = x
        else:
            out[item] = bare_value
    return out


def yaml_str(x):
    if isinstance(x, bool):
        return "true" if x else "false"
    return str(x)


def argv(v):
    if v is None:
        return None
    if isinstance(v, str):
        return shlex.split(v)
    return [str(x) for x in v]


def parse_port_string(s):
    # v1 prints "[ip:][published:]target[/proto]" strings.
    proto = "tcp"
    if "/" in s:
        s, proto = s.rsplit("/", 1)
    host_ip = ""
    if s.startswith("["):
        host_ip, s = s[1:].split("]:", 1)
        published, target = s.rsplit(":", 1)
    else:
        parts = s.split(":")
        if len(parts) == 1:
            published, target = "", parts[0]
        elif len(parts) == 2:
            published, target = parts
        else:
            # An IPv6 host address keeps its colons.
            host_ip, published, target = ":".join(parts[:-2]), parts[-2], parts[-1]
    out = []
    if "-" in target:
        lo, hi = (int(x) for x in target.split("-"))
        plo = int(published.split("-")[0]) if published else None
        for t in range(lo, hi + 1):
            out.append((host_ip, str(plo + t - lo) if plo is not None else "", t, proto, "ingress"))
    else:
        out.append((host_ip, published, int(target), proto, "ingress"))
    return out


def ports(v):
    out = []
    for p in v or []:
        if isinstance(p, dict):
            pub = p.get("published")
            out.append((p.get("host_ip") or "", "" if pub is None else str(pub), int(p["target"]),
                        p.get("protocol") or "tcp", p.get("mode") or "ingress"))
        else:
            out.extend(parse_port_string(str(p)))
    return sorted(out)


def volumes(v):
    out = []
    for m in v or []:
        if isinstance(m, dict):
            out.append((m["type"], m.get("source") or "", m["target"], bool(m.get("read_only"))))
            continue
        parts = m.split(":")
        if len(parts) == 1:
            out.append(("volume", "", parts[0], False))
            continue
        src, tgt = parts[0], parts[1]
        mode = parts[2] if len(parts) > 2 else ""
        kind = "bind" if src.startswith("/") else "volume"
        out.append((kind, src, tgt, "ro" in mode.split(",")))
    return sorted(out)


def networks(v):
    if not v:
        return {"default": None}
    if isinstance(v, list):
        return {n: None for n in v}
    out = {}
    for k, x in v.items():
        if not x or (not x.get("aliases") and not x.get("ipv4_address")):
            out[k] = None
        else:
            out[k] = {"aliases": sorted(x.get("aliases") or []), "ipv4_address": x.get("ipv4_address")}
    return out


def depends(v):
    if not v:
        return {}
    if isinstance(v, list):
        return {d: "service_started" for d in v}
    return {k: (x or {}).get("condition", "service_started") for k, x in v.items()}


def healthcheck(h):
    if h is None:
        return None
    test = h.get("test")
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    disable = bool(h.get("disable")) or (test is not None and test[:1] == ["NONE"])
    if disable:
        test = None  # v1 prints disable: true as test: [NONE]
    return {
        "test": test,
        "interval": duration_ns(h.get("interval")),
        "timeout": duration_ns(h.get("timeout")),
        "start_period": duration_ns(h.get("start_period")),
        "retries": h.get("retries"),
        "disable": disable,
    }


def extra_hosts(v):
    if not v:
        return []
    if isinstance(v, dict):
        return sorted(f"{k}:{x}" for k, x in v.items())
    return sorted(x.replace("=", ":", 1) if "=" in x.split(":")[0] or ":" not in x else x for x in v)


def ulimits(v):
    out = {}
    for k, x in (v or {}).items():
        if isinstance(x, dict):
            out[k] = (int(x["soft"]), int(x["hard"]))
        else:
            out[k] = (int(x), int(x))
    return out


def build(b):
    if b is None:
        return None
    if isinstance(b, str):
        b = {"context": b}
    return {
        "context": b.get("context"),
        "dockerfile": b.get("dockerfile") or "Dockerfile",
        "args": kv_map(b.get("args")),
        "target": b.get("target"),
        "labels": kv_map(b.get("labels"), ""),
    }


def service(s):
    dns = s.get("dns")
    if isinstance(dns, str):
        dns = [dns]
    logging = s.get("logging")
    return {
        "image": s.get("image"),
        "build": build(s.get("build")),
        "container_name": s.get("container_name"),
        "command": argv(s.get("command")),
        "entrypoint": argv(s.get("entrypoint")),
        "environment": kv_map(s.get("environment")),
        "ports": ports(s.get("ports")),
        "expose": sorted(str(x) for x in s.get("expose") or []),
        "volumes": volumes(s.get("volumes")),
        "networks": networks(s.get("networks")),
        "depends_on": depends(s.get("depends_on")),
        "healthcheck": healthcheck(s.get("healthcheck")),
        "restart": s.get("restart"),
        "working_dir": s.get("working_dir"),
        "user": None if s.get("user") is None else str(s.get("user")),
        "labels": kv_map(s.get("labels"), ""),
        "extra_hosts": extra_hosts(s.get("extra_hosts")),
        "tty": bool(s.get("tty")),
        "stdin_open": bool(s.get("stdin_open")),
        "stop_grace_period": duration_ns(s.get("stop_grace_period")),
        "stop_signal": s.get("stop_signal"),
        "init": bool(s.get("init")),
        "privileged": bool(s.get("privileged")),
        "cap_add": sorted(s.get("cap_add") or []),
        "cap_drop": sorted(s.get("cap_drop") or []),
        "hostname": s.get("hostname"),
        "dns": dns or [],
        "shm_size": size_bytes(s.get("shm_size")),
        "ulimits": ulimits(s.get("ulimits")),
        "logging": None if logging is None else {"driver": logging.get("driver"),
                                                 "options": kv_map(logging.get("options"))},
    }


def top(entries, reference):
    # Names: v1 prints name: only when the file sets one; compare it then.
    out = {}
    for k, x in (entries or {}).items():
        if k == "default" and k not in (reference or {}):
            continue
        x = x or {}
        ext = x.get("external")
        out[k] = {
            "driver": x.get("driver"),
            "external": bool(ext),
            "labels": kv_map(x.get("labels"), ""),
            "attachable": bool(x.get("attachable")),
        }
        ref = (reference or {}).get(k) or {}
        if "name" in ref:
            out[k]["name"] = x.get("name")
    return out


def normalise(doc, reference):
    return {
        "services": {k: service(v or {}) for k, v in (doc.get("services") or {}).items()},
        "networks": top(doc.get("networks"), reference.get("networks")),
        "volumes": top(doc.get("volumes"), reference.get("volumes")),
    }


def unescape(doc):
    # v1 prints "$" as "$$" so that its output can be read back.
    if isinstance(doc, dict):
        return {k: unescape(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [unescape(v) for v in doc]
    if isinstance(doc, str):
        return doc.replace("$$", "$")
    return doc


def case_files(case):
    listed = os.path.join(case, "files")
    if os.path.exists(listed):
        with open(listed) as f:
            return [os.path.join(case, line.strip()) for line in f if line.strip()]
    names = [n for n in sorted(os.listdir(case)) if n.endswith((".yml", ".yaml"))]
    assert len(names) == 1, f"{case}: cannot tell the compose file among {names}"
    return [os.path.join(case, names[0])]


def main():
    if not CLI:
        print("BERTH_CLI is not set", file=sys.stderr)
        return 1
    cases = sorted(d for d in os.listdir(VALID) if os.path.isdir(os.path.join(VALID, d)))
    failures = compared = skipped = 0
    def run(case, files):
        fargs = [a for f in files for a in ("-f", f)]
        ref = subprocess.run(["docker-compose", "-p", "parity", "--project-directory", case, *fargs, "config"],
                             capture_output=True, text=True, env=ENV, cwd=case, timeout=120)
        ours = subprocess.run([CLI, "-p", "parity", "--project-dir", case, *fargs, "config", "--json",
                               "--show-secrets"], capture_output=True, text=True, env=ENV, cwd=case, timeout=120)
        return ref, ours

    differences = {}
    with open(os.path.join(BROKEN, "v1-differences")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, reason = line.split(":", 1)
                differences[name.strip()] = reason.strip()
    broken = sorted(n[:-4] for n in os.listdir(BROKEN) if n.endswith(".yml"))

    runnable = [c for c in cases if not os.path.exists(os.path.join(VALID, c, "noparity"))]
    # docker-compose takes a second to start: run the cases side by side.
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        jobs = {c: pool.submit(run, os.path.join(VALID, c), case_files(os.path.join(VALID, c))) for c in runnable}
        broken_jobs = {b: pool.submit(run, BROKEN, [os.path.join(BROKEN, b + ".yml")])
                       for b in broken if not differences.get(b, "").startswith("PyYAML expands")}
        results = {c: j.result() for c, j in jobs.items()}
        broken_results = {b: j.result() for b, j in broken_jobs.items()}

    print(f"1..{len(cases) + len(broken)}")

    for n, name in enumerate(cases, 1):
        case = os.path.join(VALID, name)
        if name not in results:
            with open(os.path.join(case, "noparity")) as f:
                reason = f.read().strip()
            print(f"ok {n} {name} # SKIP {reason}")
            skipped += 1
            continue
        ref, ours = results[name]
        if ref.returncode != 0 or ours.returncode != 0:
            print(f"not ok {n} {name}: docker-compose rc={ref.returncode} berth-cli rc={ours.returncode}")
            print("# " + (ref.stderr + ours.stderr).replace("\n", "\n# "))
            failures += 1
            continue
        ref_doc = unescape(yaml.safe_load(ref.stdout))
        our_doc = json.loads(ours.stdout)
        a, b = normalise(ref_doc, ref_doc), normalise(our_doc, ref_doc)
        if a != b:
            failures += 1
            print(f"not ok {n} {name}")
            for section in ("services", "networks", "volumes"):
                for key in sorted(set(a[section]) | set(b[section])):
                    x, y = a[section].get(key), b[section].get(key)
                    if x == y:
                        continue
                    if isinstance(x, dict) and isinstance(y, dict):
                        for f in sorted(set(x) | set(y)):
                            if x.get(f) != y.get(f):
                                print(f"#   {section}.{key}.{f}: docker-compose {x.get(f)!r} berth {y.get(f)!r}")
                    else:
                        print(f"#   {section}.{key}: docker-compose {x!r} berth {y!r}")
        else:
            compared += 1
            print(f"ok {n} {name}")
    n = len(cases)
    for name in broken:
        n += 1
        if name not in broken_results:
            print(f"ok {n} broken/{name} # SKIP {differences[name]}")
            skipped += 1
            continue
        ref, ours = broken_results[name]
        if ours.returncode != 2:
            print(f"not ok {n} broken/{name}: berth-cli exited {ours.returncode}, not 2")
            failures += 1
        elif ref.returncode == 0 and name not in differences:
            print(f"not ok {n} broken/{name}: docker-compose accepts it (list it in v1-differences with a reason?)")
            failures += 1
        elif ref.returncode != 0 and name in differences:
            print(f"not ok {n} broken/{name}: docker-compose refuses it now: drop it from v1-differences")
            failures += 1
        else:
            print(f"ok {n} broken/{name}")
    print(f"# compared {compared}, skipped {skipped}, failed {failures}")
    # The parity check means nothing if most cases are skipped.
    if compared < 15:
        print(f"not ok - only {compared} cases compared", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
