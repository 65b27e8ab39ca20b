# Sourced by run.sh and the probes: the flag that runs a jar on the Spring AOT bean definitions it carries
# (built by the pom's process-aot, as infra/Dockerfile runs it), or nothing for an older jar without them, so that
# a probe can still compare against one.
spring_aot_flag() {
  "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jar" tf "$1" 2>/dev/null \
    | grep -q '__ApplicationContextInitializer\.class$' && echo "-Dspring.aot.enabled=true"
  return 0
}
