# syntax=docker/dockerfile:1
# The API as a container (docker-compose.yml runs it against EventStoreDB). Two stages: the build
# stage has the compilers and dev dependencies; the runtime stage only the compiled app and the
# production dependencies, run as the unprivileged `node` user.

FROM node:20.19-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is a native addon: its prebuilt binary is used when one matches, else it compiles.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20.19-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SQLITE_PATH=/data/timeline.db \
    READ_MODEL_PATH=/data/read-models.db
WORKDIR /app
# /data holds this replica's read models, its eventId index (EventStoreDB mode) or the SQLite store.
RUN mkdir -p /data && chown node:node /data
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
USER node
VOLUME ["/data"]
EXPOSE 3000
# 200 when the store answers; 503 while EventStoreDB is unreachable (reads are still served).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The flags of `npm start` (package.json): young-generation semi-spaces of 4 MB instead of up to 16, and an old
# generation allowed to grow to 1.5 times what it holds after a collection, keep the resident memory far lower,
# under load and while the read models are built, at the same throughput (docs/decisions.md).
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=50", "dist/apps/api/src/main.js"]
