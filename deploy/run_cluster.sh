#!/usr/bin/env bash
# Two Streamlit processes of the app behind nginx with sticky sessions, all on loopback (docs/deploy.md).
#
#   deploy/run_cluster.sh [PREFIX_DIR]
#
# Everything it writes (nginx config, pid, logs, temp files) goes under PREFIX_DIR (default: a new temp
# folder); no root needed. Prints "READY http://127.0.0.1:<port>" once the proxy and both backends answer,
# then runs until interrupted (Ctrl-C / SIGTERM stops all three processes).
# A backend that dies, or stops answering its health check (hung, SIGSTOP), is started again on the same port (its
# visitors lose their session, the others notice nothing; nginx sends new requests to the other backend meanwhile). Each backend's current pid is in
# PREFIX/app-<port>.pid. If nginx itself stops, everything stops (exit 1).
# Env: PORT (proxy port), BACKEND1/BACKEND2 (app ports); default: free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX=$(realpath -m "${1:-$(mktemp -d -t app-cluster-XXXXXX)}")
mkdir -p "$PREFIX"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx not found: apt-get install nginx" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=${PORT:-$(free_port)}
BACKEND1=${BACKEND1:-$(free_port)}
BACKEND2=${BACKEND2:-$(free_port)}
# One secret for all replicas: a cookie signed by one process must be accepted by the others after a failover.
# (Streamlit accepts it only from the config file or the environment, not as a flag.)
export STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$(python3 -c 'import secrets; print(secrets.token_hex(32))')}

# glibc gives each thread its own malloc arena; Streamlit runs every session in a thread, and freed photo buffers
# stay in those arenas. Two arenas let memory return after visitors leave (tests/browser/test_browser_load.py).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

pids=()
cleanup() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A backend that stops answering its health check (hung, stopped) without exiting is killed and so started again:
# HEALTH_FAILS checks in a row without "ok" within HEALTH_TIMEOUT s each, one every HEALTH_EVERY s, once it has
# answered at least once (or STARTUP_LIMIT s after it started without ever answering).
HEALTH_EVERY=${HEALTH_EVERY:-2}
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-5}
HEALTH_FAILS=${HEALTH_FAILS:-3}
STARTUP_LIMIT=${STARTUP_LIMIT:-120}

supervise() {  # port: keep one app process running and answering on this port until told to stop
    local port=$1 child="" status fails started since
    trap '[ -z "$child" ] || kill "$child" 2>/dev/null; wait 2>/dev/null; exit 0' TERM INT
    while :; do
        python3 -m streamlit run app.py --server.headless true --server.address 127.0.0.1 --server.port "$port" \
            --browser.gatherUsageStats false >>"$PREFIX/app-$port.log" 2>&1 &
        child=$!
        echo "$child" >"$PREFIX/app-$port.pid"
        fails=0 started=0 since=$SECONDS
        while kill -0 "$child" 2>/dev/null; do
            sleep "$HEALTH_EVERY" & wait $! || true  # `wait` so that SIGTERM is handled at once
            kill -0 "$child" 2>/dev/null || break
            if [ "$(curl -s --max-time "$HEALTH_TIMEOUT" "http://127.0.0.1:$port/_stcore/health" 2>/dev/null)" = ok ]; then
                # From here on a silent backend is killed after HEALTH_FAILS checks, no longer after STARTUP_LIMIT.
                [ "$started" = 1 ] || echo "$(date -u +%FT%TZ) backend 127.0.0.1:$port (pid $child) answers" >>"$PREFIX/restarts.log"
                fails=0 started=1
            else
                fails=$((fails + 1))
            fi
            if { [ "$started" = 1 ] && [ "$fails" -ge "$HEALTH_FAILS" ]; } \
                    || { [ "$started" = 0 ] && [ $((SECONDS - since)) -ge "$STARTUP_LIMIT" ]; }; then
                echo "$(date -u +%FT%TZ) backend 127.0.0.1:$port (pid $child) does not answer its health check; killing it" \
                    | tee -a "$PREFIX/restarts.log" >&2
                kill -KILL "$child" 2>/dev/null || true  # SIGKILL: a hung or stopped process ignores SIGTERM
                break
            fi
        done
        status=0
        wait "$child" || status=$?
        echo "$(date -u +%FT%TZ) backend 127.0.0.1:$port stopped (status $status); starting it again" \
            | tee -a "$PREFIX/restarts.log" >&2
        sleep 1  # a backend that cannot start at all must not spin the CPU
    done
}

for port in "$BACKEND1" "$BACKEND2"; do
    supervise "$port" &
    pids+=($!)
done

# The WeChat page goes into the config itself: nginx's worker processes then read no file of the repository, which
# they could not when it lives in a folder only its owner may enter (mktemp -d, a private home) and nginx runs as
# root (its workers run as another user).
python3 - "$PREFIX" "$PORT" "$BACKEND1" "$BACKEND2" <<'PY'
import sys
prefix, port, b1, b2 = sys.argv[1:]
page = open("deploy/static/open-in-browser.html", encoding="utf-8").read()
if "$" in page:  # nginx would read it as a variable
    sys.exit("deploy/static/open-in-browser.html: '$' cannot be served from the nginx config")
quoted = "'" + page.replace("\\", "\\\\").replace("'", "\\'") + "'"
conf = open("deploy/nginx.conf", encoding="utf-8").read()
for key, value in (("@PREFIX@", prefix), ("@PORT@", port), ("@BACKEND1@", b1), ("@BACKEND2@", b2),
                   ("@WECHAT_PAGE@", quoted)):
    conf = conf.replace(key, value)
open(f"{prefix}/nginx.conf", "w", encoding="utf-8").write(conf)
PY
"$NGINX" -p "$PREFIX" -c "$PREFIX/nginx.conf" -e "$PREFIX/error.log" -t -q
"$NGINX" -p "$PREFIX" -c "$PREFIX/nginx.conf" -e "$PREFIX/error.log" &
nginx_pid=$!
pids+=("$nginx_pid")

wait_ok() {  # url: until /_stcore/health says ok, or 60 s; give up early if a process died
    for _ in $(seq 300); do
        for pid in "${pids[@]}"; do
            kill -0 "$pid" 2>/dev/null || { echo "a process exited while starting (logs in $PREFIX)" >&2; tail -n 20 "$PREFIX"/*.log >&2; return 1; }
        done
        grep -qs "stopped (status" "$PREFIX/restarts.log" && { echo "a backend exited while starting (logs in $PREFIX)" >&2; tail -n 20 "$PREFIX"/*.log >&2; return 1; }
        [ "$(curl -s --max-time 2 "$1/_stcore/health" 2>/dev/null)" = ok ] && return 0
        sleep 0.2
    done
    echo "no answer from $1 (logs in $PREFIX)" >&2
    return 1
}
wait_ok "http://127.0.0.1:$BACKEND1"
wait_ok "http://127.0.0.1:$BACKEND2"
wait_ok "http://127.0.0.1:$PORT"
echo "backends 127.0.0.1:$BACKEND1 127.0.0.1:$BACKEND2; files in $PREFIX"
echo "READY http://127.0.0.1:$PORT"
# The supervisors never return on their own: only nginx stopping ends the cluster.
wait "$nginx_pid" || true
echo "nginx stopped; stopping the backends (logs in $PREFIX)" >&2
exit 1
