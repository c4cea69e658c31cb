# Parley relay (serves the web app too): a long-running Node process — WebSocket calls outlive
# serverless time limits. Multi-stage: build with the whole toolchain, run with production deps.
#   docker build -t parley .
#   docker run -p 8787:8787 -e HOST=0.0.0.0 -e AUTH_MODE=jwt -e JWT_SECRET=… \
#     -e ALLOWED_ORIGINS=https://app.example.com -v parley-data:/data parley

# Node 24 LTS (Node 20 is past its end of life; the relay and shared suites run on 20, 22 and 24:
# pnpm test:node). check-image.sh stands in for this image with the same Node where no registry is.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# To build the recogniser's decoder with partial hypotheses (relay/native/parley-sphinx.c).
RUN apt-get update -qq \
  && apt-get install -y -qq --no-install-recommends gcc libc6-dev pkg-config libpocketsphinx-dev \
  && rm -rf /var/lib/apt/lists/*
RUN npm i -g pnpm@12
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
COPY shared/package.json shared/
COPY client/package.json client/
COPY relay/package.json relay/
COPY web/package.json web/
COPY widget/package.json widget/
COPY bench/package.json bench/
RUN pnpm install --frozen-lockfile
COPY . .
# ESPEAK_NG=off (docker build --build-arg ESPEAK_NG=off) leaves eSpeak NG (GPL-3) out of the
# image, and the relay it runs without it: no offline voice then speaks Dutch.
ARG ESPEAK_NG=on
RUN pnpm build \
  && bash relay/native/build.sh --strict \
  && rm -rf node_modules */node_modules \
  && CI=true pnpm install --prod --frozen-lockfile --filter @parley/relay... \
  && ESPEAK_NG=$ESPEAK_NG bash scripts/leave-out-espeak.sh

FROM node:24-bookworm-slim
ARG ESPEAK_NG=on
# The embedded speech recogniser (PocketSphinx) comes from Debian; Flite runs as WASI in Node.
RUN apt-get update -qq \
  && apt-get install -y -qq --no-install-recommends pocketsphinx pocketsphinx-en-us tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json /app/pnpm-workspace.yaml ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/shared ./shared
COPY --from=build /app/relay/package.json ./relay/package.json
COPY --from=build /app/relay/node_modules ./relay/node_modules
COPY --from=build /app/relay/dist ./relay/dist
COPY --from=build /app/relay/native/parley-sphinx /app/relay/native/stop-phrases.kws ./relay/native/
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/widget/dist ./widget/dist
# The widget's loader and its call, /widget.js and /widget-call* (docs/embedding.md).
ENV WIDGET_DIST=/app/widget/dist
# The data folder is the relay user's only (its files are 0600: relay/src/storage/private-files.ts).
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
ENV NODE_ENV=production PORT=8787 HOST=0.0.0.0 DATA_DIR=/data WEB_DIST=/app/web/dist \
  ESPEAK_NG=$ESPEAK_NG
EXPOSE 8787
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# tini forwards SIGTERM: the relay drains turns and saves sessions for resume before it exits.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "relay/dist/main.js"]
