# Shelfwatch: one image for the workbench (`serve`), the workers (`worker`) and one-off commands.
#   docker build -t shelfwatch .
#   docker run --rm -e DATABASE_URL=… -e REDIS_URL=… shelfwatch worker --stages classify,triage
FROM node:20-bookworm-slim

# Signals: `init: true` in docker-compose.yml puts a tiny init in front; the CLI itself handles
# SIGTERM (workers finish or hand back their jobs, the web server closes).
# SHELFWATCH_OFFLINE: models are read from the image, never downloaded at run time.
ENV NODE_ENV=production \
    SHELFWATCH_DATA_DIR=/data \
    SHELFWATCH_OFFLINE=true

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. --ignore-scripts: no install script
# is needed at run time. onnxruntime-node's would download CUDA files a CPU image does not want (its
# CPU runtime ships inside the package); esbuild, msgpackr-extract, protobufjs and tesseract.js only
# verify prebuilt platform packages or print a message. tsx is a runtime dependency: no build step.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

COPY . .

# The data folder holds downloaded listing images and caches; mount a volume there.
RUN mkdir -p /data && chown node:node /data
USER node

# Worker metrics/health port (SHELFWATCH_WORKER_PORT) and the workbench port.
EXPOSE 9464 8080

# node --import tsx (not the tsx binary, not npm): node is then PID 1's only child and receives
# SIGTERM itself, so `docker stop` triggers the graceful shutdown instead of a kill.
ENTRYPOINT ["node", "--import", "tsx", "cli/main.ts"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
