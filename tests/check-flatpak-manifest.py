#!/usr/bin/env python3
# check-flatpak-manifest.py: the Flatpak manifest parses, builds on the GNOME
# 46 runtime, pins every third-party source, and grants exactly the sandbox
# holes Berth needs (display, GPU, engine sockets, network for tcp engines)
# and no broad file system access.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import re
import sys

REQUIRED_FINISH_ARGS = {
    "--socket=wayland",
    "--socket=fallback-x11",
    "--share=ipc",
    "--device=dri",
    "--share=network",
    "--filesystem=/run/docker.sock",
    "--filesystem=xdg-run/docker.sock",
}
# Project folders come through the file chooser portal.
FORBIDDEN_FILESYSTEMS = re.compile(r"^--filesystem=(home|host|host-os|host-etc|~/?)(:.*)?$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")

errors = []


def error(msg):
    errors.append(msg)


def check_source(module, source):
    kind = source.get("type")
    where = f"module {module['name']}: source {kind}"
    if kind in ("archive", "file"):
        if not source.get("url", "").startswith("https://"):
            error(f"{where}: url must be https")
        if not SHA256.match(source.get("sha256", "")):
            error(f"{where}: no sha256")
    elif kind == "git":
        if not COMMIT.match(source.get("commit", "")):
            error(f"{where}: git sources need a full commit id")
        if "branch" in source:
            error(f"{where}: git sources must not follow a branch")
    elif kind == "dir":
        # Only Berth itself is built from the checkout.
        if module["name"] != "berth":
            error(f"{where}: only the berth module may use a dir source")
    elif kind == "patch":
        if "path" not in source:
            error(f"{where}: patches must be files in the repository")
    else:
        error(f"{where}: source type not allowed")


def check_module(module, names):
    if isinstance(module, str):
        error(f"module file reference {module!r}: keep every module in the manifest")
        return
    name = module.get("name")
    if not name:
        error("a module has no name")
        return
    names.append(name)
    sources = module.get("sources") or []
    if not sources:
        error(f"module {name}: no sources")
    for source in sources:
        check_source(module, source)
    for sub in module.get("modules", []):
        check_module(sub, names)


def main():
    root = os.environ.get("BERTH_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # An explicit path checks another manifest (the test's bad fixtures).
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "flatpak", "org.berth.Berth.json")
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)

    if manifest.get("app-id") != "org.berth.Berth":
        error("app-id must be org.berth.Berth")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        error("runtime/sdk must be org.gnome.Platform/org.gnome.Sdk")
    if str(manifest.get("runtime-version")) != "46":
        error("runtime-version must be 46")
    if manifest.get("command") != "berth":
        error("command must be berth")

    finish_args = manifest.get("finish-args", [])
    missing = REQUIRED_FINISH_ARGS - set(finish_args)
    if missing:
        error(f"finish-args missing: {sorted(missing)}")
    for arg in finish_args:
        if FORBIDDEN_FILESYSTEMS.match(arg):
            error(f"finish-args grants broad file system access: {arg}")
    if len(finish_args) != len(set(finish_args)):
        error("finish-args has duplicates")

    names = []
    for module in manifest.get("modules", []):
        check_module(module, names)
    for needed in ("libyaml", "vte", "berth"):
        if needed not in names:
            error(f"module {needed} is missing")
    if names and names[-1] != "berth":
        error("berth must be the last module")

    vte = next((m for m in manifest.get("modules", []) if isinstance(m, dict) and m.get("name") == "vte"), {})
    opts = set(vte.get("config-opts", []))
    for opt in ("-Dgtk4=true", "-Dgtk3=false", "-Dvapi=false", "-Dgir=false"):
        if opt not in opts:
            error(f"vte: config-opts lack {opt}")

    if errors:
        for e in errors:
            print(f"flatpak manifest: {e}", file=sys.stderr)
        return 1
    print(f"flatpak manifest ok: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
