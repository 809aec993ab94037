# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: an already-set JAVA_HOME, the java on PATH, then any JDK under /usr/lib/jvm or /opt/java.
_mlops4j_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
_mlops4j_find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  local on_path; on_path="$(command -v javac 2>/dev/null || true)"
  [ -n "$on_path" ] && candidates+=("$(dirname "$(dirname "$(readlink -f "$on_path")")")")
  for d in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do [ -d "$d" ] && candidates+=("$d"); done
  local c major
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/javac" ] || continue
    major="$(_mlops4j_java_major "$c")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$c"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME="$(_mlops4j_find_jdk)"; then
  echo "mlops4j needs a JDK 21 or newer (none found in JAVA_HOME, PATH, /usr/lib/jvm or /opt/java)." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
