# Orb Arena game server + built browser client.
#   docker build -t orb-arena .
#   docker run -p 2567:2567 orb-arena            → open http://localhost:2567/
# The build steps are the README's: `npm ci`, `npm run build`, then `node --max-semi-space-size=64 dist/server/main.js`
# (the flag: server/nodeFlags.ts).

FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY shared ./shared
COPY server ./server
COPY game-client ./game-client
RUN npm run build

FROM node:22-slim AS runtime
# tini as PID 1: forwards SIGTERM to node (graceful shutdown) and reaps zombies.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=2567 HOST=0.0.0.0 CLIENT_DIR=/app/dist/client
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# Replays of a process without Redis (REPLAY_DIR, default ./replays): writable by the server's user; mount a volume here to keep them.
RUN mkdir -p /app/replays && chown node:node /app/replays
USER node
EXPOSE 2567
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-semi-space-size=64", "dist/server/main.js"]
