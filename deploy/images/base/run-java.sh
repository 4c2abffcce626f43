#!/bin/sh
# The entrypoint of the Debian base image (deploy/images/base/build-base), at the path the UBI OpenJDK images have it,
# for what the services' Dockerfiles use of the UBI script: JAVA_APP_JAR, the jar to run; JAVA_MAX_MEM_RATIO, the
# heap's share of the container's memory limit in percent (default 80, as UBI's); JAVA_OPTS, which replaces the
# default options; JAVA_OPTS_APPEND, added after them. The JVM replaces this shell (exec), so it gets the signals.
set -eu
: "${JAVA_APP_JAR:?JAVA_APP_JAR must name the jar to run}"
ratio="${JAVA_MAX_MEM_RATIO:-80}"
defaults="-XX:MaxRAMPercentage=${ratio}.0 -XX:+ExitOnOutOfMemoryError"
cd "${JAVA_APP_DIR:-/deployments}"
# word splitting of the option lists is wanted: each holds several options
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-$defaults} ${JAVA_OPTS_APPEND:-} -jar "$JAVA_APP_JAR" "$@"
