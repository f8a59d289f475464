# Node 24, the active LTS (Node 20 reached its end of life in April 2026); the same release
# .ci/run tests on (NODE_LTS_VERSION there). Pinned, so a rebuild is the image CI proved.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# Build stage: compile with swc (scripts/build.js; types are checked by `npm run typecheck` in CI).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY .swcrc ./
COPY scripts ./scripts
COPY src ./src
COPY migrations ./migrations
COPY partner-adapters ./partner-adapters
RUN npm run build

# Runtime stage: production dependencies and the compiled code only, as a non-root user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema ./schema
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
EXPOSE 4000
# Liveness only (the process answers; never the database, so an outage of the database does not
# get the container restarted). Readiness is GET /readyz: 200 when the database answers and every
# migration of this image is applied, else 503 with the reason — the orchestrator's readiness probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Environment: DATABASE_URL (the API role) and JWT_SECRET (or JWT_JWKS_URL). Production refuses the
# embedded database (ALLOW_EMBEDDED_DATABASE=true for a demo), seeds nothing and stops at start with
# one line per bad setting (src/config.ts).
#
# Migrations run as the owner role, the server as the API role (README: database roles):
#   once, with an administrator's connection:
#     docker run --rm -e DB_ADMIN_URL -e MIGRATION_DATABASE_URL -e DATABASE_URL assistance node dist/src/cli/db-roles.js
#   then either migrate on start — give the server MIGRATION_DATABASE_URL too: it migrates as the
#   owner, grants the API role and serves as the API role (the owner's connection is closed first);
#   or migrate as a separate step of each release and keep the owner's password out of the server:
#     docker run --rm -e MIGRATION_DATABASE_URL -e DATABASE_URL assistance node dist/src/cli/migrations.js up
# main.js refuses to start in production when DATABASE_URL is a superuser or the schema's owner.
#
# Stopping: SIGTERM (docker stop) stops accepting, lets requests in flight finish for
# SHUTDOWN_TIMEOUT_MS (default 10 000), then stops the workers and closes the database, exit 0.
# Give the container more than that: `docker stop -t 30`, Kubernetes' default grace of 30 s.
# node is PID 1 here (exec form), so the signal reaches it directly.
CMD ["node", "dist/src/main.js"]
