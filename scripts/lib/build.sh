# Sourced by scripts/load.sh and scripts/attack.sh: builds the jars unless SKIP_BUILD=1, then checks
# that the given jars exist. Online (not -o): on a fresh machine the first build downloads the
# dependencies; later builds use the local repository.
build_jars() {
    if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
        echo "== building (mvn -q -B package -DskipTests)"
        mvn -q -B package -DskipTests
    fi
    local jar
    for jar in "$@"; do
        [[ -f "$jar" ]] || { echo "missing $jar (build first)" >&2; exit 2; }
    done
}
