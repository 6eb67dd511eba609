# The demo a new user sees with scripts/run: a workspace made of real parts. Sourced by
# scripts/run after the build. Honours LOOPKEEPER_DEMO_DIR (default ~/.local/share/loopkeeper/demo).
#
#   - a first model trained by the learning loop on a slice of Fashion-MNIST (fashion-mnist@1),
#   - a teacher node serving a model trained on all of Fashion-MNIST's training images,
#   - four edge nodes serving the loop's active model, escalating uncertain predictions to the
#     teacher and the console (loopkeeper-cli serve: sample ingest, learning loop every 15 s),
#   - the replayer sending Fashion-MNIST test images, rotated from minute 6 to minute 9,
#   - auto-rollout of every version the loop promotes: 25 % canary watched for a minute,
#   - GENERATED agent data (loopkeeper-cli demo-agents; made up, not measured): outcome events of
#     five demo-* agents for the Agents panel, whose best analysis agent degrades at minute 4, and
#     an audit batch every 45 s mined into the Review queue.
#
# Everything started here stops when the console closes (lk_demo_stop, from a trap).

LK_DEMO_DIR=${LOOPKEEPER_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/loopkeeper/demo}
LK_DEMO_PIDS=()
LK_DEMO_TOKEN=demo-node-token-0123456789

lk_demo_stop() {
    [ ${#LK_DEMO_PIDS[@]} -gt 0 ] || return 0
    lk_say "Stopping the demo's nodes, server, replayer and agent generator"
    kill -TERM "${LK_DEMO_PIDS[@]}" 2>/dev/null || true
    wait "${LK_DEMO_PIDS[@]}" 2>/dev/null || true
    LK_DEMO_PIDS=()
}

# lk_demo_listen VAR LOG PROGRAM ARGS... — starts a server in the background and sets VAR to
# the URL from its first line ({"listening": URL}); fails if it does not come up within a minute.
lk_demo_listen() {
    local var=$1 log=$2
    shift 2
    "$@" >"$log" 2>"$log.err" &
    local pid=$! listening=
    LK_DEMO_PIDS+=("$pid")
    for _ in $(seq 600); do
        listening=$(head -n1 "$log" 2>/dev/null | jq -r '.listening // empty' 2>/dev/null || true)
        if [ -n "$listening" ]; then
            printf -v "$var" '%s' "$listening"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$log.err" >&2
    lk_die "$(basename "$1") did not start; see $log.err"
}

lk_demo_start() {
    local cli=$LK_BUILD/bin/loopkeeper-cli node=$LK_BUILD/bin/loopkeeper-node
    local ws=$LK_DEMO_DIR/workspace logs=$LK_DEMO_DIR/logs
    mkdir -p "$logs" "$LK_DEMO_DIR/nodes"
    trap lk_demo_stop EXIT INT TERM

    if [ ! -f "$ws/loopkeeper.db" ]; then
        lk_say "Creating the demo workspace in $ws"
        "$cli" workspace init -w "$ws" >/dev/null
        # Small, quick jobs; the gate promotes a clear lift without waiting for significance and
        # tolerates a larger drop in one class than the default 5 points (a weak first model).
        cat >"$ws/loop.json" <<'JSON'
{"triggers": {"sample_threshold": 150, "cooldown_seconds": 120},
 "gate": {"require_significance": false, "min_accuracy": 0.6, "max_class_drop": 0.3},
 "training": {"epochs": 2, "bootstrap_train_images": 3000, "replay_base_images": 6000},
 "eval": {"test_images": 1000}}
JSON
        echo '{"auto_rollout": true, "plan": {"steps": [25, 100], "window_seconds": 60}}' >"$ws/rollout.json"
        echo '{"window_seconds": 30}' >"$ws/drift.json"
    fi
    if ! "$cli" models list -w "$ws" | jq -e '.versions[] | select(.status == "active")' >/dev/null; then
        lk_say "Training the first model (the learning loop's bootstrap job)"
        "$cli" loop tick --manual -w "$ws" >"$logs/bootstrap.log" || lk_die "bootstrap training failed; see $logs/bootstrap.log"
        "$cli" models list -w "$ws" | jq -e '.versions[] | select(.status == "active")' >/dev/null \
            || lk_die "the regression gate did not promote the first model; see $logs/bootstrap.log"
    fi
    local active
    active=$("$cli" models list -w "$ws" | jq -c '[.versions[] | select(.status == "active")][0]')
    if [ ! -f "$LK_DEMO_DIR/teacher.pt" ]; then
        lk_say "Training the teacher model (all of Fashion-MNIST's training images, 2 epochs)"
        "$cli" train --epochs 2 -w "$LK_DEMO_DIR/teacher-workspace" >"$logs/teacher-train.log" \
            || lk_die "teacher training failed; see $logs/teacher-train.log"
        cp "$(tail -n1 "$logs/teacher-train.log" | jq -r .artifact)" "$LK_DEMO_DIR/teacher.pt"
    fi

    lk_say "Starting the console's server, a teacher node and four edge nodes"
    local server teacher
    lk_demo_listen server "$logs/serve.log" "$cli" serve --port 0 --loop-interval 15 -w "$ws"
    lk_demo_listen teacher "$logs/teacher.log" "$node" --port 0 --role teacher --model "$LK_DEMO_DIR/teacher.pt" \
        --model-version teacher@1 --dir "$LK_DEMO_DIR/nodes/teacher"
    local nodes
    nodes=$(jq -n --arg url "$teacher" '[{name: "teacher", url: $url, role: "teacher", tier: "tier_3"}]')
    for i in 1 2 3 4; do
        local dir=$LK_DEMO_DIR/nodes/edge-$i model=() url
        # A node that served before keeps what it had (rollouts included); a new one starts on the active model.
        [ -f "$dir/models/manifest.json" ] || model=(--model "$(jq -r .artifact_path <<<"$active")" \
            --model-version "$(jq -r .name <<<"$active")")
        lk_demo_listen url "$logs/edge-$i.log" "$node" --port 0 --dir "$dir" --node-id "edge-$i" \
            --token "$LK_DEMO_TOKEN" --teacher "$teacher" --console "$server" "${model[@]}"
        nodes=$(jq --arg url "$url" --arg name "edge-$i" --arg tier "tier_$(((i - 1) % 2 + 1))" \
            --arg token "$LK_DEMO_TOKEN" '. + [{name: $name, url: $url, tier: $tier, token: $token}]' <<<"$nodes")
    done
    jq -n --argjson nodes "$nodes" '{nodes: $nodes}' >"$ws/fleet.json"

    lk_say "Replaying Fashion-MNIST test images (rotated by 35 degrees from minute 6 to minute 9)"
    "$cli" replay --nodes "$ws/fleet.json" --rate 40 --order random --progress 0 \
        --drift rotation:35@6m+3m >"$logs/replay.log" 2>&1 &
    LK_DEMO_PIDS+=($!)

    # Generated, not measured: there are no real agents in the demo, so made-up ones feed the
    # Agents panel (3 outcome events a second to the server) and the Review queue (an audit
    # batch at once and every 45 s, written to WORKSPACE/audits/ and mined as `rules mine` does).
    # A new seed per start: the recurring failures reinforce the rules of earlier starts, and
    # the fresh ones bring new proposals instead of repeating the last start's.
    lk_say "Generating agent data for the Agents panel and the Review queue (made up, labelled demo-*)"
    "$cli" demo-agents -w "$ws" --server "$server" --rate 3 --switch-at 4m --audit-every 45s \
        --seed "$(date +%s)" --progress 0 >"$logs/demo-agents.log" 2>&1 &
    LK_DEMO_PIDS+=($!)
    LK_DEMO_WORKSPACE=$ws
}
