# Build stage: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY integrations ./integrations
COPY schema ./schema
RUN npm run build

# Runtime stage: production dependencies and the compiled code only, as a non-root user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema ./schema
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Two database roles (README: database roles). Once, with an administrator's connection:
#   docker run --rm -e DB_ADMIN_URL -e MIGRATION_DATABASE_URL -e DATABASE_URL assistance node dist/src/cli/db-roles.js
# Each release, as the owner role (grants the API role its privileges after migrating):
#   docker run --rm -e MIGRATION_DATABASE_URL -e DATABASE_URL assistance node dist/src/cli/migrations.js up
# Then serve as the API role: DATABASE_URL (the API role) and JWT_SECRET (or JWT_JWKS_URL). main.js
# refuses to start in production when DATABASE_URL is a superuser or the schema's owner. With
# MIGRATION_DATABASE_URL also set it migrates as the owner on start instead of the step above.
CMD ["node", "dist/src/main.js"]
