# The kit's stack as one image: `docker compose up` runs it beside Redis (see docker-compose.yml), and
# GcpDevkitContainer (gcp-devkit/testing/container) builds and starts it from tests. The context is a
# checkout of the kit (dist/ is compiled here) or the installed package's folder (dist/ shipped).
FROM node:24-bookworm-slim
# redis-server inside, for a self-contained container (compose points REDIS_URL at its own Redis).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN if [ -d src ]; then \
      npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev \
      && rm -rf src emulators scenarios test bench; \
    else \
      npm install --omit=dev --no-audit --no-fund --ignore-scripts; \
    fi
ENV DEVKIT_LOG_LEVEL=info
EXPOSE 8085 4443 8089 6379
# Bind all interfaces inside the container; compose publishes the ports on the host's loopback.
CMD ["node", "bin/devkit.js", "start", "--host", "0.0.0.0", "--data-dir", "/data"]
