#!/usr/bin/python3
# fake-notifications.py FILE: a minimal org.freedesktop.Notifications server
# for the UI tests.  Each Notify call appends "summary<TAB>body" to FILE, so a
# test can check what the user would have been told.  Runs until killed.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import sys

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/> <arg type="u" direction="in"/>
      <arg type="s" direction="in"/> <arg type="s" direction="in"/>
      <arg type="s" direction="in"/> <arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/> <arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/> <arg type="s" direction="out"/>
      <arg type="s" direction="out"/> <arg type="s" direction="out"/>
    </method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
</node>
"""

path = sys.argv[1]
counter = [0]


def on_call(connection, sender, object_path, interface, method, params, invocation):
    if method == "Notify":
        _app, _replaces, _icon, summary, body, _actions, _hints, _timeout = params.unpack()
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{summary}\t{body}\n")
        counter[0] += 1
        invocation.return_value(GLib.Variant("(u)", (counter[0],)))
    elif method == "GetCapabilities":
        invocation.return_value(GLib.Variant("(as)", (["body", "actions"],)))
    elif method == "GetServerInformation":
        invocation.return_value(GLib.Variant("(ssss)", ("berth-test", "berth", "1", "1.2")))
    else:
        invocation.return_value(None)


def on_bus(connection, name):
    info = Gio.DBusNodeInfo.new_for_xml(XML)
    connection.register_object("/org/freedesktop/Notifications", info.interfaces[0], on_call, None, None)


Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.Notifications",
                 Gio.BusNameOwnerFlags.NONE, on_bus, None, lambda *a: sys.exit(1))
GLib.MainLoop().run()
