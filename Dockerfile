# trackaudit: the release binary on Debian slim with headless Chromium.
#
#   docker build -t trackaudit .
#   docker run --rm trackaudit worker --db postgres://USER:PASSWORD@HOST/DB
#
# The database URL may come from the TRACKAUDIT_DB environment variable
# instead of --db (keeps the password off the command line). See
# deploy/docker-compose.yml and deploy/k8s/ for a PostgreSQL and N workers.
# A .dockerignore listing `target/` keeps the build context small.

# --- build stage: the release binary ---------------------------------------
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin trackaudit \
 && strip target/release/trackaudit

# --- runtime: Debian slim, Chromium for --engine browser/both ----------------
FROM debian:bookworm-slim
# The browser engine prefers chromium-headless-shell; where the release has no
# such package the full chromium is installed instead (found the same way).
RUN apt-get update \
 && (apt-get install -y --no-install-recommends chromium-headless-shell \
     || apt-get install -y --no-install-recommends chromium) \
 && apt-get install -y --no-install-recommends ca-certificates fonts-liberation tini \
 && rm -rf /var/lib/apt/lists/*
# Not root: Chromium keeps its sandbox on.
RUN useradd --create-home --uid 10001 trackaudit
COPY --from=build /src/target/release/trackaudit /usr/local/bin/trackaudit
USER trackaudit
WORKDIR /home/trackaudit
# Downloaded lists (`trackaudit lists update`) and reports live here.
ENV TRACKAUDIT_CACHE=/home/trackaudit/.cache/trackaudit
# tini forwards SIGTERM to trackaudit, which finishes its in-flight sites.
ENTRYPOINT ["/usr/bin/tini", "--", "trackaudit"]
CMD ["--help"]
