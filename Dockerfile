# One image for rag-api and the worker (docker-compose.yml picks the command).
FROM node:20-bookworm-slim

WORKDIR /app
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NODE_ENV=production

COPY package.json package-lock.json ./
# Dev dependencies are needed: `npm start` builds with nx + tsc.
RUN npm ci --include=dev --no-audit --no-fund

COPY . .
# Build both apps into the image, so `npm start` / `npm run start:worker` find them in nx's cache.
RUN npx nx run-many -t build -p rag-api worker --outputStyle=stream

EXPOSE 3000 3001
CMD ["npm", "start"]
