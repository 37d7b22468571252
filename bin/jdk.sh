# Sourced by ./saturn, ./run-tests and .ci/run: finds a JDK 25 or newer.
# Order: $JAVA_HOME, then Temurin 25 at its Debian path. Prints the JDK home on stdout.

saturn_jdk_major() {
    # Prints the feature version of the java binary given, e.g. 25.
    "$1" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

saturn_find_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        major=$(saturn_jdk_major "$candidate/bin/java")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    echo "saturn: no JDK 25 found: set JAVA_HOME to a JDK 25 or newer, or install Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64 (JAVA_HOME=${JAVA_HOME:-unset})" >&2
    return 1
}

saturn_require_maven() {
    if ! command -v mvn >/dev/null 2>&1; then
        echo "saturn: Maven (mvn) not found: install it, e.g. 'apt-get install maven'" >&2
        return 1
    fi
}

# Maven itself calls sun.misc.Unsafe under JDK 25; silence those warnings only. Maven's
# console library writes a colour reset (ESC[0m) on each stream at exit even in batch mode;
# jansi.noreset keeps it out of pipes and logs.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -Djansi.noreset=true"
