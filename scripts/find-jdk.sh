#!/usr/bin/env bash
# Prints the home of an installed JDK >= 21 (the newest found), or fails with a message.
# Looks at JAVA_HOME, the java on PATH, then the usual install folders.
set -euo pipefail

major() { # java home -> major version, or 0
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  echo "${v:-0}" | cut -d. -f1
}

best=""; best_major=0
consider() {
  local home="$1"
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  local m; m=$(major "$home")
  if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best="$home"; best_major="$m"; fi
}

[ -n "${JAVA_HOME:-}" ] && consider "$JAVA_HOME"
if command -v java >/dev/null 2>&1; then
  consider "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  [ -d "$d" ] && consider "$d"
done

if [ -z "$best" ]; then
  echo "No JDK 21 or newer found. Install one (e.g. Temurin 21) and set JAVA_HOME." >&2
  exit 1
fi
echo "$best"
