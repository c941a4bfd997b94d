#!/usr/bin/env bash
# Runs a command inside a D-Bus session with an unlocked gnome-keyring (a real Secret Service),
# so the OS-keychain code is tested for real. Usage: dbus-run-session -- bash .ci/with-keyring.sh CMD...
set -euo pipefail
# A keyring of our own, not the user's login keyring.
export XDG_DATA_HOME="${XDG_DATA_HOME_FOR_KEYRING:-$(mktemp -d)}"
printf 'patchbay-ci' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
# Wait until the Secret Service answers (state, not a fixed sleep).
for _ in $(seq 1 100); do
  if printf 'probe' | secret-tool store --label=patchbay-ci-probe patchbay ci-probe 2>/dev/null; then
    secret-tool clear patchbay ci-probe || true
    break
  fi
  sleep 0.1
done
exec "$@"
