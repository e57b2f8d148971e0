# syntax=docker/dockerfile:1
# copyjobs node image. Build: docker build -t copyjobs .   (docker-compose.yml builds it too)

# --- build: the runnable jar and its dependencies (target/copyjobs.jar + target/lib/)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
# The local Maven repository lives in a build cache, so a rebuild does not download every dependency again.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

# --- runtime: a JRE, the jar, its lib/ (the jar's manifest Class-Path points at lib/), a non-root user
FROM eclipse-temurin:17-jre
RUN groupadd --system copyjobs \
 && useradd --system --gid copyjobs --home-dir /app --no-create-home copyjobs \
 && mkdir -p /app /data \
 && chown copyjobs:copyjobs /data
WORKDIR /app
COPY --from=build /src/target/lib/ /app/lib/
COPY --from=build /src/target/copyjobs.jar /app/copyjobs.jar
USER copyjobs
ENV COPYJOBS_DATA_DIR=/data \
    COPYJOBS_HTTP_PORT=8080
VOLUME ["/data"]
EXPOSE 8080
# Ready means Streams has run and the outcome reader is positioned (SPEC §5); a rebalance does not
# make a node unready. The base image ships curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS "http://localhost:${COPYJOBS_HTTP_PORT:-8080}/health/ready" >/dev/null || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-jar", "/app/copyjobs.jar"]
CMD ["serve"]
