#!/usr/bin/env bash
# Makes sure the tools the tests run are installed: promtool, amtool, prometheus, prometheus-alertmanager,
# prometheus-node-exporter (Debian/Ubuntu packages prometheus, prometheus-alertmanager, prometheus-node-exporter).
#
# - Everything present: prints nothing, exits 0 (safe to run before every test run).
# - Something missing, running as root on a machine with apt-get: installs the three packages without starting
#   their daemons (a temporary policy-rc.d; on systemd machines the newly installed units are also stopped and disabled).
# - Otherwise: exits 1 naming the missing tools and the command that installs them.
#
# ENSURE_TOOLS_INSTALL=never only checks (never installs), e.g. on a developer machine or in CI lint jobs.
set -euo pipefail

readonly packages=(prometheus prometheus-alertmanager prometheus-node-exporter)
# tool:package pairs, in the order they are reported.
readonly tools=(
    promtool:prometheus
    prometheus:prometheus
    amtool:prometheus-alertmanager
    prometheus-alertmanager:prometheus-alertmanager
    prometheus-node-exporter:prometheus-node-exporter
)
readonly policy=/usr/sbin/policy-rc.d

missing_tools() {
    local entry
    for entry in "${tools[@]}"; do
        command -v "${entry%%:*}" >/dev/null 2>&1 || printf '%s\n' "${entry%%:*}"
    done
}

fail() {
    printf 'ensure-tools: %s\n' "$*" >&2
    printf 'ensure-tools: install them with: sudo apt-get install -y --no-install-recommends %s\n' "${packages[*]}" >&2
    printf 'ensure-tools: (or run scripts/ensure-tools.sh as root on Debian/Ubuntu, which does that without starting the daemons)\n' >&2
    exit 1
}

mapfile -t missing < <(missing_tools)
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

if [ "${ENSURE_TOOLS_INSTALL:-auto}" = never ]; then
    fail "missing: ${missing[*]} (ENSURE_TOOLS_INSTALL=never, not installing)"
fi
if [ "$(id -u)" -ne 0 ]; then
    fail "missing: ${missing[*]} (not root, cannot install)"
fi
if ! command -v apt-get >/dev/null 2>&1; then
    fail "missing: ${missing[*]} (no apt-get on this machine, cannot install)"
fi

# Packages absent before the install: only their services are ours to stop afterwards.
newly_installed=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        newly_installed+=("$package")
    fi
done

# Debian's maintainer scripts ask policy-rc.d before starting a service; 101 means "do not start".
created_policy=false
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Written by scripts/ensure-tools.sh for the length of one apt-get run: start no service.\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    created_policy=true
fi
cleanup() {
    if [ "$created_policy" = true ]; then rm -f "$policy"; fi
}
trap cleanup EXIT

printf 'ensure-tools: missing %s; installing %s with apt-get\n' "${missing[*]}" "${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! output=$(apt-get update -qq 2>&1); then
    printf '%s\n' "$output" >&2
    fail "apt-get update failed"
fi
if ! output=$(apt-get install -y -qq --no-install-recommends "${packages[@]}" 2>&1); then
    printf '%s\n' "$output" >&2
    fail "apt-get install failed"
fi

# Belt and braces on systemd machines: a unit enabled by the install must neither run now nor start at boot.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    for package in "${newly_installed[@]}"; do
        systemctl disable --now "${package}.service" >/dev/null 2>&1 || true
    done
fi

mapfile -t still_missing < <(missing_tools)
if [ "${#still_missing[@]}" -ne 0 ]; then
    fail "still missing after apt-get install: ${still_missing[*]}"
fi
printf 'ensure-tools: installed %s\n' "${packages[*]}" >&2
