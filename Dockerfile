# syntax=docker/dockerfile:1
#
# One image recipe for every service, built from a clean clone (nothing needs to be packaged first):
#   docker build -f Dockerfile --build-arg MODULE=warehouse-service --build-arg PORT=8082 \
#     -t daily-etl/warehouse-service:1.0.0-SNAPSHOT .
# The build context is the repository root (see .dockerignore); docker-compose.yml builds all four this way.
# Stage 1 packages the module (and the modules it needs) with the Maven wrapper; stage 2 is the same runtime as
# each module's src/main/docker/Dockerfile.jvm, which stays the recipe for an already packaged module.
# Needs BuildKit (the default of docker compose v2 and Docker Engine 23+) for the Maven cache mount.

# The runtime base (stage 2): UBI's OpenJDK 17 runtime; deploy/images/base/build-base makes a Debian image with the
# same contract where UBI cannot be fetched (--build-arg BASE_IMAGE=<it>).
ARG BASE_IMAGE=registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23

FROM maven:3.9-eclipse-temurin-17 AS build
ARG MODULE
WORKDIR /build
COPY . .
# The cache mount keeps ~/.m2 (the wrapper's Maven and the dependencies) between builds and images; "locked"
# lets the parallel builds of docker compose take turns with it.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    if [ -z "${MODULE}" ] || [ ! -f "${MODULE}/pom.xml" ]; then \
      echo "build arg MODULE must name a module directory (warehouse-service, ingest-service, report-service, demo-source), got '${MODULE}'" >&2; \
      exit 1; \
    fi \
 && ./mvnw -B -ntp -pl "${MODULE}" -am package -DskipTests \
 && test -f "${MODULE}/target/quarkus-app/quarkus-run.jar"

FROM ${BASE_IMAGE}
ARG MODULE
ARG PORT=8080
# more JVM options for this service's image (ingest: the parallel collector; docs/performance.md)
ARG JVM_OPTIONS=""

ENV LANGUAGE='en_US:en'

# four layers, as in Dockerfile.jvm: the dependencies change least often
COPY --from=build --chown=185 /build/${MODULE}/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build --chown=185 /build/${MODULE}/target/quarkus-app/*.jar /deployments/
COPY --from=build --chown=185 /build/${MODULE}/target/quarkus-app/app/ /deployments/app/
COPY --from=build --chown=185 /build/${MODULE}/target/quarkus-app/quarkus/ /deployments/quarkus/

EXPOSE ${PORT}
USER 185
# C1-only JIT: a run is seconds of work a day, where C2 compilations cost more CPU than they give back
# (README, Performance); remove -XX:TieredStopAtLevel=1 from JAVA_OPTS_APPEND for the JVM default.
ENV JAVA_OPTS_APPEND="-XX:TieredStopAtLevel=1 ${JVM_OPTIONS} -Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"

ENTRYPOINT [ "/opt/jboss/container/java/run/run-java.sh" ]
