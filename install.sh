#!/usr/bin/env bash
# Production install of MyBeacon on plain Debian 12 / Ubuntu 22.04+ with systemd (no Docker):
# PostgreSQL, ClickHouse (official repository: Debian's own package is too old), Redis, nginx,
# a `mybeacon` system user, /etc/mybeacon/mybeacon.env, a systemd unit, and the first start
# (which runs all migrations). Safe to re-run: every step checks before it changes anything.
#
#   sudo ./install.sh [--domain beacon.example.com] [--prefix /opt/mybeacon] [--dry-run]
set -euo pipefail

PREFIX=/opt/mybeacon
DOMAIN=_
DRY_RUN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=$2; shift 2 ;;
    --domain) DOMAIN=$2; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

SRC=$(cd "$(dirname "$0")" && pwd)
ENV_FILE=/etc/mybeacon/mybeacon.env
run() { if [ "$DRY_RUN" = 1 ]; then echo "+ $*"; else "$@"; fi; }
say() { printf '\n==> %s\n' "$*"; }
# Writes stdin to a file, or with --dry-run shows what would be written.
write_file() {
  if [ "$DRY_RUN" = 1 ]; then echo "+ write $1:"; sed 's/^/|   /'; else cat > "$1"; fi
}

[ "$(id -u)" = 0 ] || [ "$DRY_RUN" = 1 ] || { echo "run as root (sudo)" >&2; exit 1; }

say "system packages"
run apt-get update -qq
run apt-get install -y -qq ca-certificates curl gnupg rsync postgresql redis-server nginx openssl

if ! command -v node >/dev/null 2>&1 || ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  say "Node.js 20 (distribution package is too old; using NodeSource)"
  run bash -c 'curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y -qq nodejs'
fi

if ! command -v clickhouse-server >/dev/null 2>&1; then
  say "ClickHouse (official repository)"
  run bash -c 'curl -fsSL https://packages.clickhouse.com/rpm/lts/repodata/repomd.xml.key | gpg --dearmor -o /usr/share/keyrings/clickhouse-keyring.gpg'
  run bash -c 'echo "deb [signed-by=/usr/share/keyrings/clickhouse-keyring.gpg] https://packages.clickhouse.com/deb stable main" > /etc/apt/sources.list.d/clickhouse.list'
  run apt-get update -qq
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server clickhouse-client
fi
run systemctl enable --now postgresql redis-server clickhouse-server

say "user and files"
id mybeacon >/dev/null 2>&1 || run useradd --system --home "$PREFIX" --shell /usr/sbin/nologin mybeacon
run mkdir -p "$PREFIX" /etc/mybeacon /var/lib/mybeacon
run rsync -a --delete --exclude node_modules --exclude data --exclude .git "$SRC/" "$PREFIX/"
run chown -R mybeacon:mybeacon "$PREFIX" /var/lib/mybeacon
# Exports and secrets live here: owner-only (the platform keeps what it creates inside owner-only too).
run chmod 700 /var/lib/mybeacon

if [ ! -f "$ENV_FILE" ]; then
  say "secrets and database"
  PG_PASSWORD=$(openssl rand -hex 24)
  run sudo -u postgres psql -v ON_ERROR_STOP=1 -c "CREATE ROLE mybeacon LOGIN PASSWORD '$PG_PASSWORD'" || true
  run sudo -u postgres psql -v ON_ERROR_STOP=1 -c "CREATE DATABASE mybeacon OWNER mybeacon" || true
  ADMIN_PASSWORD=$(openssl rand -base64 18)
  if [ "$DRY_RUN" = 0 ]; then
    umask 077
    cat > "$ENV_FILE" <<ENV
DATABASE_URL=postgres://mybeacon:$PG_PASSWORD@127.0.0.1:5432/mybeacon
CLICKHOUSE_URL=http://127.0.0.1:8123
REDIS_URL=redis://127.0.0.1:6379
JWT_SECRET=$(openssl rand -base64 48)
MYBEACON_DATA_DIR=/var/lib/mybeacon
MYBEACON_ADMIN_EMAIL=admin@${DOMAIN/#_/mybeacon.local}
MYBEACON_ADMIN_PASSWORD=$ADMIN_PASSWORD
HTTP_HOST=127.0.0.1
HTTP_PORT=8080
COOKIE_SECURE=0
LOG_FORMAT=json
METRICS_LISTEN=127.0.0.1:9464
ENV
    chown root:mybeacon "$ENV_FILE"; chmod 640 "$ENV_FILE"
    echo "First superadmin password (also in $ENV_FILE; remove it from there after first login): $ADMIN_PASSWORD"
  fi
fi

say "application"
run sudo -u mybeacon -H bash -c "cd '$PREFIX' && npm install --no-audit --no-fund && npm run build:web"

say "systemd units"
# The service counts as started only once /readyz answers (PostgreSQL, ClickHouse, broker and ingest
# ready), so `systemctl start` fails visibly when it never gets there; a timer probes /healthz every
# 30 s and restarts a process that stopped answering.
write_file /etc/systemd/system/mybeacon.service <<UNITEOF
[Unit]
Description=MyBeacon platform (API, MQTT broker, ingest)
After=network-online.target postgresql.service clickhouse-server.service redis-server.service
Wants=network-online.target

[Service]
User=mybeacon
Group=mybeacon
WorkingDirectory=$PREFIX
EnvironmentFile=$ENV_FILE
ExecStart=/usr/bin/node --max-semi-space-size=64 --import tsx bin/mybeacon.ts
ExecStartPost=/bin/sh -c 'for i in \$\$(seq 1 120); do curl -fsS -o /dev/null http://127.0.0.1:8080/readyz && exit 0; sleep 1; done; echo "mybeacon not ready after 120 s: curl http://127.0.0.1:8080/readyz" >&2; exit 1'
TimeoutStartSec=180
Restart=on-failure
RestartSec=3
KillSignal=SIGTERM
TimeoutStopSec=30
LimitNOFILE=65536
NoNewPrivileges=true
ProtectSystem=strict
ReadWritePaths=/var/lib/mybeacon
PrivateTmp=true

[Install]
WantedBy=multi-user.target
UNITEOF
write_file /etc/systemd/system/mybeacon-health.service <<UNITEOF
[Unit]
Description=Restart MyBeacon when /healthz stops answering
After=mybeacon.service

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'systemctl is-active --quiet mybeacon || exit 0; curl -fsS -m 10 -o /dev/null http://127.0.0.1:8080/healthz || { echo "mybeacon /healthz failed; restarting" >&2; systemctl restart mybeacon; }'
UNITEOF
write_file /etc/systemd/system/mybeacon-health.timer <<UNITEOF
[Unit]
Description=Probe MyBeacon /healthz every 30 s

[Timer]
OnBootSec=2min
OnUnitActiveSec=30s

[Install]
WantedBy=timers.target
UNITEOF
run systemctl daemon-reload
run systemctl enable --now mybeacon
run systemctl enable --now mybeacon-health.timer

say "nginx"
SITE=/etc/nginx/sites-available/mybeacon
write_file "$SITE" <<NGINX
server {
  listen 80;
  server_name $DOMAIN;
  client_max_body_size 10m;
  server_tokens off;
  # The app sends these (and its CSP, which carries hashes of its own inline scripts); nginx sends them
  # itself so its own answers (502 while the app restarts) have them too, hiding the app's copies so
  # no header appears twice.
  proxy_hide_header X-Content-Type-Options;
  proxy_hide_header X-Frame-Options;
  proxy_hide_header Referrer-Policy;
  add_header X-Content-Type-Options nosniff always;
  add_header X-Frame-Options DENY always;
  add_header Referrer-Policy no-referrer always;
  # After certbot (HTTPS) and COOKIE_SECURE=1 the app sends HSTS itself; to pin it at nginx instead:
  # add_header Strict-Transport-Security "max-age=31536000" always;
  location / {
    proxy_pass http://127.0.0.1:8080;
    proxy_http_version 1.1;
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_set_header Upgrade \$http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_read_timeout 3600s;
  }
}
NGINX
run ln -sf "$SITE" /etc/nginx/sites-enabled/mybeacon
run rm -f /etc/nginx/sites-enabled/default
run nginx -t
run systemctl reload nginx

say "done: http://$DOMAIN/ (MQTT on port 1883; run certbot for HTTPS and set COOKIE_SECURE=1)"
