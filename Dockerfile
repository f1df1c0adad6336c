# The kit's emulators as one image: `docker compose up` runs it beside Redis (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# tsx is a runtime dependency: bin/devkit.js runs the TypeScript sources with it.
RUN npm ci --omit=dev --ignore-scripts
COPY bin ./bin
COPY src ./src
COPY emulators ./emulators
COPY scenarios ./scenarios
COPY tsconfig.json ./
ENV DEVKIT_LOG_LEVEL=info
EXPOSE 8085 4443 8089
# Bind all interfaces inside the container; compose publishes the ports on the host's loopback.
CMD ["node", "bin/devkit.js", "start", "--host", "0.0.0.0", "--data-dir", "/data"]
