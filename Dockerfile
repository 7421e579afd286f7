# iris-api container image: multi-stage, JRE 17 runtime, runs as numeric UID 10001.
#
# The base images are build arguments so that the same file builds on GitHub Actions with the
# defaults below and, on machines that reach no image registry, with local stand-ins
# (hack/image-base.sh makes them; `make image-test` passes them with --build-arg).
# Tags are pinned to exact versions; Dependabot (docker ecosystem) keeps them current.
ARG BUILD_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.19_10-jre-jammy

# ---- build: the shaded jar, from source -----------------------------------------------------
FROM ${BUILD_IMAGE} AS build
WORKDIR /src

# Dependencies and plugins get their own layer: it is rebuilt only when a pom changes.
# go-offline fetches the declared dependencies; packaging the still empty module then fetches
# what go-offline misses (the packaging plugins and their own dependencies). The local
# repository is a plain directory of this stage, whatever the base image declares as a volume.
COPY pom.xml ./
COPY app/pom.xml app/
RUN mvn -B -ntp -q -Dmaven.repo.local=/m2 dependency:go-offline \
 && mvn -B -ntp -q -Dmaven.repo.local=/m2 package -DskipTests \
 && rm -rf app/target

# Offline: everything was fetched above. Tests run in `make test`, before the image is built.
COPY app/src app/src
RUN mvn -B -ntp -q -Dmaven.repo.local=/m2 -o package -DskipTests

# ---- runtime: a JRE and the jar, nothing else -----------------------------------------------
FROM ${RUNTIME_IMAGE}

# A named account for UID 10001 so that the JVM has a user name and a writable home:
# /tmp, the only writable place once the root filesystem is read-only.
RUN groupadd --system --gid 10001 iris \
 && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home \
      --shell /usr/sbin/nologin iris

COPY --from=build /src/app/target/iris-api.jar /app/iris-api.jar
COPY docker/jvm.options /app/jvm.options

# An AppCDS archive of the classes a start and real requests load: the pod maps them instead of loading
# them from the jar, which takes about a third off the time to ready. It is written here, by this image's
# JVM with this jar (a different JDK build or jar makes the JVM ignore it), sized as in a 512 MiB pod,
# and proven to map before the build goes on. Root owns it and nobody can write it, like the jar.
# Weka's ~/wekafiles and the JVM's /tmp files from the training run are not part of the image.
COPY docker/cds-archive.sh /tmp/cds-archive.sh
RUN /tmp/cds-archive.sh /app/iris-api.jsa /app/iris-api.jar -XX:MaxRAM=512m @/app/jvm.options \
 && chmod 0444 /app/iris-api.jsa \
 && rm -rf /tmp/* /root/wekafiles

# The image turns ready warm: for WARMUP_DURATION (8 s) once a model is loaded, the service sends itself prediction
# requests, so that the JIT has compiled the request path before clients arrive. Set here, after the archive run
# above (which records a start without it), and not in the manifests, so that every way of running the image gets
# it; WARMUP=false in a pod's environment turns it off. Development (`make run`) and the tests run without it.
ENV WARMUP=true

# Numeric, so that Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
USER 10001:10001
WORKDIR /tmp

EXPOSE 8000 8081

# Exec form: java is PID 1 and receives SIGTERM itself, so the graceful shutdown runs.
# The JVM options are the file's (docker/jvm.options; manifests do not repeat them). They come after
# JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS, so to override one in a pod, set _JAVA_OPTIONS, which comes last.
# Without a usable archive the JVM starts anyway, only slower: hack/image-test.sh checks it is used.
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:SharedArchiveFile=/app/iris-api.jsa", "-jar", "/app/iris-api.jar"]
CMD ["server"]
